import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf, vsHead, drHead } from './_check.mjs';

test('invalid-value: wrong type, enum with a suggestion, mutually exclusive fields', () => {
  let f = findingsOf(vsHead + '  http:\n  - route:\n    - destination: {host: r}\n      weight: "50%"\n', 'invalid-value');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /`weight` must be an integer, not the string "50%"/);
  f = findingsOf(drHead + '  trafficPolicy:\n    loadBalancer:\n      simple: ROUND_ROBINN\n', 'invalid-value');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /`ROUND_ROBINN` is not a valid value for `simple` \(did you mean ROUND_ROBIN\?\)/);
  f = findingsOf(vsHead + '  http:\n  - match:\n    - uri: {exact: /a, prefix: /b}\n    route:\n    - destination: {host: r}\n', 'invalid-value');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /Set only one of `exact`, `prefix`, `regex`/);
});
