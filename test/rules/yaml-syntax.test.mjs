import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workspaceOf, allFindings, byRule } from '../helpers.mjs';

test('yaml-syntax: errors carry their exact range; other documents are still analyzed', () => {
  const ws = workspaceOf({
    'v.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  name: b\n---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\nspec:\n  hosts: [r]\n  http:\n  - route:\n    - destination: {host: r, subset: x}\n',
  });
  const all = allFindings(ws);
  const f = byRule(all, 'yaml-syntax');
  assert.equal(f.length, 1);
  assert.equal(f[0].line, 5);
  assert.match(f[0].message, /unique/);
  assert.ok(byRule(all, 'unknown-subset').length === 1);
});
