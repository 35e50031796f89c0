import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from './_check.mjs';
import { httpRoute } from './_gatewayapi.mjs';

const route = (refs) => httpRoute('r', 'apps', `  parentRefs: [{name: gw}]\n  rules:\n  - backendRefs:\n${refs.map((r) => `    - ${r}\n`).join('')}`);

test('backend-weights: all zero, a single zero, and a split with default weights', () => {
  let f = findingsOf(route(['{name: a, port: 80, weight: 0}', '{name: b, port: 80, weight: 0}']), 'backend-weights');
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'error');
  assert.match(f[0].message, /Every backendRef has weight 0/);
  f = findingsOf(route(['{name: a, port: 80, weight: 0}']), 'backend-weights');
  assert.match(f[0].message, /The only backend \(a\) has weight 0/);
  f = findingsOf(route(['{name: a, port: 80, weight: 3}', '{name: b, port: 80}']), 'backend-weights');
  assert.equal(f[0].severity, 'info');
  assert.match(f[0].message, /effective split is a 75%, b 25%/);
  assert.equal(findingsOf(route(['{name: a, port: 80, weight: 90}', '{name: b, port: 80, weight: 10}']), 'backend-weights').length, 0);
  assert.equal(findingsOf(route(['{name: a, port: 80}', '{name: b, port: 80}']), 'backend-weights').length, 0);
});
