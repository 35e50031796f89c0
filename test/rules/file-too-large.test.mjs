// What the fixtures (test/rules/file-too-large/) cannot say: the default limit, and that a file over
// the limit reports nothing else.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { svc } from '../helpers.mjs';

test('file-too-large: the default limit is 5 MB; a file over the limit is not analyzed', () => {
  assert.equal(svc.DEFAULT_SETTINGS.maxFileSize, 5 * 1024 * 1024);
  const doc = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\n';
  const ws = svc.createWorkspace({ maxFileSize: 100 });
  ws.setFile('file:///a.yaml', doc.repeat(10));
  ws.setFile('file:///b.yaml', doc);
  assert.deepEqual(
    ws.diagnostics('file:///a.yaml').map((d) => d.rule),
    ['file-too-large'],
  );
  assert.deepEqual(ws.diagnostics('file:///b.yaml'), []);
});
