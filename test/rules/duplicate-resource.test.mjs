import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workspaceOf, allFindings, byRule } from '../helpers.mjs';
import { service } from './_fixtures.mjs';

test('duplicate-resource: same kind, namespace and name in two files; other namespaces are distinct', () => {
  const ws = workspaceOf({ 'a.yaml': service('r'), 'b.yaml': service('r'), 'c.yaml': service('r', 'other') });
  const f = byRule(allFindings(ws), 'duplicate-resource');
  assert.deepEqual(f.map((x) => x.file).sort(), ['a.yaml', 'b.yaml']);
  assert.match(f.find((x) => x.file === 'a.yaml').message, /Service default\/r is also defined in b\.yaml:4/);
});
