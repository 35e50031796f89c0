import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workspaceOf, allFindings, byRule } from '../helpers.mjs';
import { service } from './_fixtures.mjs';

test('duplicate-resource: same kind, namespace and name in one kustomization build; other namespaces are distinct', () => {
  const kustomization = 'resources:\n- a.yaml\n- b.yaml\n- c.yaml\n';
  const ws = workspaceOf({ 'app/kustomization.yaml': kustomization, 'app/a.yaml': service('r'), 'app/b.yaml': service('r'), 'app/c.yaml': service('r', 'other') });
  ws.roots = ['file:///ws/'];
  const f = byRule(allFindings(ws), 'duplicate-resource');
  assert.deepEqual(f.map((x) => x.file).sort(), ['a.yaml', 'b.yaml']);
  assert.match(f.find((x) => x.file === 'a.yaml').message, /Service default\/r is also defined in app\/b\.yaml:4/);
});

test('duplicate-resource: two documents of one file are applied together', () => {
  const ws = workspaceOf({ 'one.yaml': service('r') + '---\n' + service('r') });
  assert.equal(byRule(allFindings(ws), 'duplicate-resource').length, 2);
});

test('duplicate-resource: alternative files of a folder, and separate overlays, are never applied together', () => {
  // A folder holding the same object in two files holds alternatives (tutorial steps, example variants).
  const alternatives = workspaceOf({ 'steps/v1.yaml': service('r'), 'steps/v2.yaml': service('r') });
  assert.deepEqual(byRule(allFindings(alternatives), 'duplicate-resource'), []);
  // The same base in two overlays: one object per build.
  const overlays = workspaceOf({
    'base/kustomization.yaml': 'resources:\n- svc.yaml\n',
    'base/svc.yaml': service('r'),
    'overlays/dev/kustomization.yaml': 'resources:\n- ../../base\nnamespace: dev\n',
    'overlays/prod/kustomization.yaml': 'resources:\n- ../../base\nnamespace: prod\n',
  });
  assert.deepEqual(byRule(allFindings(overlays), 'duplicate-resource'), []);
});
