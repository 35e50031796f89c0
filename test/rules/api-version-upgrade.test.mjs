import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from './_check.mjs';

test('api-version-upgrade: a hint for v1alpha3 where v1 is served; none for EnvoyFilter (no v1)', () => {
  const f = findingsOf('apiVersion: networking.istio.io/v1alpha3\nkind: Gateway\nmetadata:\n  name: g\nspec:\n  servers: []\n', 'api-version-upgrade');
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'hint');
  assert.equal(f[0].data.to, 'networking.istio.io/v1');
  assert.deepEqual(findingsOf('apiVersion: networking.istio.io/v1alpha3\nkind: EnvoyFilter\nmetadata:\n  name: e\nspec: {}\n', 'api-version-upgrade'), []);
});
