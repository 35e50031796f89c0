// What the fixtures (test/rules/file-unreadable/) cannot say: the finding comes from a surface
// that could not read a file (Workspace.setUnreadable), never from text.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { svc } from '../helpers.mjs';

const SVC = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{name: http, port: 80}]\n';

test('file-unreadable: one error with the reason on the first line; the other files are analysed', () => {
  const ws = svc.createWorkspace();
  ws.setFile('file:///w/svc.yaml', SVC);
  ws.setUnreadable('file:///w/latin1.yaml', 'not UTF-8 text, and no UTF-16/UTF-32 byte order mark');
  const d = ws.diagnostics('file:///w/latin1.yaml');
  assert.equal(d.length, 1);
  assert.equal(d[0].rule, 'file-unreadable');
  assert.equal(d[0].severity, 'error');
  assert.deepEqual(d[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  assert.equal(d[0].message, 'File could not be analyzed: not UTF-8 text, and no UTF-16/UTF-32 byte order mark.');
  assert.deepEqual(ws.findings('file:///w/latin1.yaml')[0].data, { reason: 'not UTF-8 text, and no UTF-16/UTF-32 byte order mark' });
  assert.deepEqual(ws.diagnostics('file:///w/svc.yaml'), []);
  assert.ok(ws.fileUris().includes('file:///w/latin1.yaml'));
});

test('file-unreadable: readable text replaces the finding; a new reason replaces the old; settings apply', () => {
  const ws = svc.createWorkspace();
  ws.setUnreadable('file:///w/a.yaml', 'cannot read it (EACCES: permission denied)');
  assert.match(ws.diagnostics('file:///w/a.yaml')[0].message, /EACCES: permission denied/);
  ws.setUnreadable('file:///w/a.yaml', 'not a regular file (a named pipe)');
  assert.deepEqual(
    ws.diagnostics('file:///w/a.yaml').map((x) => x.message),
    ['File could not be analyzed: not a regular file (a named pipe).'],
  );
  // A settings change that re-reads every file keeps the finding (there is no text to re-read).
  ws.setSettings(svc.resolveSettings({ maxFileSize: 1000 }));
  assert.deepEqual(
    ws.diagnostics('file:///w/a.yaml').map((x) => x.rule),
    ['file-unreadable'],
  );
  // Empty text read later is a file like any other (the unreadable entry's text is empty too).
  ws.setFile('file:///w/a.yaml', '');
  assert.deepEqual(ws.diagnostics('file:///w/a.yaml'), []);
  ws.setFile('file:///w/a.yaml', SVC);
  assert.deepEqual(ws.diagnostics('file:///w/a.yaml'), []);
  const off = svc.createWorkspace({ rules: { 'file-unreadable': 'off' } });
  off.setUnreadable('file:///w/a.yaml', 'truncated UTF-16 text');
  assert.deepEqual(off.diagnostics('file:///w/a.yaml'), []);
  const warn = svc.createWorkspace({ rules: { 'file-unreadable': 'warning' } });
  warn.setUnreadable('file:///w/a.yaml', 'truncated UTF-16 text');
  assert.equal(warn.diagnostics('file:///w/a.yaml')[0].severity, 'warning');
});

test('file-unreadable: an unreadable file provides nothing, so a reference to what it held is reported as before', () => {
  const vs =
    'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: web\nspec:\n  hosts: [web]\n  http:\n  - route:\n    - destination: {host: web, subset: v1}\n';
  const ws = svc.createWorkspace();
  ws.setFile('file:///w/vs.yaml', vs);
  ws.setFile('file:///w/svc.yaml', SVC);
  ws.setFile(
    'file:///w/dr.yaml',
    'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: web\nspec:\n  host: web\n  subsets:\n  - name: v1\n    labels: {version: v1}\n',
  );
  assert.ok(!ws.diagnostics('file:///w/vs.yaml').some((d) => d.rule === 'unknown-subset'));
  ws.setUnreadable('file:///w/dr.yaml', 'not UTF-8 text, and no UTF-16/UTF-32 byte order mark');
  assert.ok(ws.diagnostics('file:///w/vs.yaml').some((d) => d.rule === 'unknown-subset'));
});
