import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workspaceOf, allFindings, byRule } from '../helpers.mjs';

test('pasted-whitespace: each line once; NBSP inside quotes and comments is left alone; analysis continues', () => {
  const nb = '\u00a0';
  const text = `apiVersion:${nb}v1\nkind: Service\nmetadata:\n${nb}${nb}name: r # a${nb}comment\n${nb}${nb}labels:\n    note: "quoted${nb}value"\nspec:\n  selector: {app: r}\n`;
  const ws = workspaceOf({ 's.yaml': text });
  const f = byRule(allFindings(ws), 'pasted-whitespace');
  assert.deepEqual(f.map((x) => x.line), [1, 4, 5]);
  assert.equal(f[1].range.start.character, 0);
  assert.equal(f[1].range.end.character, 2);
  assert.match(f[0].message, /Line 1 has non-breaking spaces \(U\+00A0\) where YAML needs plain spaces; they usually come from copying YAML out of a web page/);
  const svc = ws.getFile('file:///ws/s.yaml').resources[0];
  assert.equal(svc.kind, 'Service');
  assert.equal(svc.name, 'r');
  assert.equal(svc.labels.note, `quoted${nb}value`);
});

test('pasted-whitespace: tabs in indentation, not tabs inside values', () => {
  const ws = workspaceOf({ 't.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: t\ndata:\n  a: "x\ty"\n' });
  const f = byRule(allFindings(ws), 'pasted-whitespace');
  assert.deepEqual(f.map((x) => x.line), [4]);
  assert.match(f[0].message, /tabs \(U\+0009\) in indentation/);
  assert.equal(ws.getFile('file:///ws/t.yaml').resources[0].name, 't');
});
