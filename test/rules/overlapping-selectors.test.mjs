import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workspaceOf, allFindings, byRule } from '../helpers.mjs';
import { deployment } from './_fixtures.mjs';

test('overlapping-selectors: two workloads applied together whose pods are indistinguishable', () => {
  const ws = workspaceOf({
    'app/a.yaml': deployment('app', { app: 'x' }),
    'app/b.yaml': deployment('app-copy', { app: 'x' }),
    'app/c.yaml': deployment('other-ns', { app: 'x' }, 'prod'),
  });
  const f = byRule(allFindings(ws), 'overlapping-selectors');
  assert.deepEqual(f.map((x) => x.file).sort(), ['a.yaml', 'b.yaml']);
  assert.match(f.find((x) => x.file === 'a.yaml').message, /Deployment default\/app selects app=x, which also matches the pods of Deployment default\/app-copy \(b\.yaml\)/);
});

test('overlapping-selectors: the v1/canary pattern and workloads in other folders are fine', () => {
  // A version-less selector that also matches the versioned canary's pods: controllers own their
  // pods through ownerReferences, so this works (the pods carry different labels).
  const canary = workspaceOf({ 'a.yaml': deployment('app', { app: 'x' }), 'b.yaml': deployment('app-v1', { app: 'x', version: 'v1' }) });
  assert.deepEqual(byRule(allFindings(canary), 'overlapping-selectors'), []);
  const apart = workspaceOf({ 'one/a.yaml': deployment('app', { app: 'x' }), 'two/b.yaml': deployment('app-copy', { app: 'x' }) });
  assert.deepEqual(byRule(allFindings(apart), 'overlapping-selectors'), []);
});
