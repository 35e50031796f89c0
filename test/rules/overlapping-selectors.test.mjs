import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workspaceOf, allFindings, byRule } from '../helpers.mjs';
import { deployment } from './_fixtures.mjs';

test('overlapping-selectors: a version-less selector that matches the versioned deployments', () => {
  const ws = workspaceOf({
    'a.yaml': deployment('app', { app: 'x' }),
    'b.yaml': deployment('app-v1', { app: 'x', version: 'v1' }),
    'c.yaml': deployment('other-ns', { app: 'x' }, 'prod'),
  });
  const f = byRule(allFindings(ws), 'overlapping-selectors');
  assert.equal(f.length, 1);
  assert.equal(f[0].file, 'a.yaml');
  assert.match(f[0].message, /Deployment default\/app selects app=x, which also matches the pods of Deployment default\/app-v1/);
});
