import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workspaceOf, allFindings, byRule } from '../helpers.mjs';

const head = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\nspec:\n  hosts:\n  - r\n  http:\n';

test('misnested-destination: host/subset as siblings of an empty destination (2-space file)', () => {
  const text = head + '  - route:\n    - destination:\n      host: r\n      subset: v1\n      weight: 100\n';
  const f = byRule(allFindings(workspaceOf({ 'vs.yaml': text })), 'misnested-destination');
  assert.equal(f.length, 1);
  assert.equal(f[0].line, 11);
  assert.equal(f[0].range.start.character, 6);
  assert.equal(f[0].range.end.line, 11); // through `subset: v1` (0-based line 11 = 12th line)
  assert.deepEqual(f[0].data.keys, ['host', 'subset']);
  assert.equal(f[0].data.indentBy, 2);
});

test('misnested-destination: 4-space indentation says 4', () => {
  const text =
    'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n    name: r\nspec:\n    hosts:\n        - r\n    http:\n        - route:\n              - destination:\n                host: r\n';
  const f = byRule(allFindings(workspaceOf({ 'vs.yaml': text })), 'misnested-destination');
  assert.equal(f.length, 1);
  assert.equal(f[0].data.indentBy, 4);
  assert.match(f[0].message, /`host` sits beside `destination:`.*Indent it by 4 more spaces/);
});

test('misnested-destination: weight indented inside destination (the reverse case)', () => {
  const text = head + '  - route:\n    - destination:\n        host: r\n        subset: v1\n        weight: 80\n    - destination:\n        host: r\n        subset: v2\n      weight: 20\n';
  const f = byRule(allFindings(workspaceOf({ 'vs.yaml': text })), 'misnested-destination');
  assert.equal(f.length, 1);
  assert.equal(f[0].line, 13);
  assert.equal(f[0].data.direction, 'in');
  assert.equal(f[0].data.outdentBy, 2);
  assert.match(f[0].message, /`weight` is indented inside `destination:`.*the weight is lost/);
});

test('misnested-destination: quiet on correct nesting', () => {
  const text = head + '  - route:\n    - destination:\n        host: r\n        subset: v1\n      weight: 100\n';
  assert.deepEqual(byRule(allFindings(workspaceOf({ 'vs.yaml': text })), 'misnested-destination'), []);
});
