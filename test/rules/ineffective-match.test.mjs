import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from './_check.mjs';
import { service, deployment, destinationRule, virtualService } from './_fixtures.mjs';

test('ineffective-match: a duplicate match and a match covered by a broader prefix', () => {
  const f = findingsOf('apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\nspec:\n  hosts: [r]\n  http:\n  - match:\n    - uri: {prefix: /api/v1/product}\n    - uri: {prefix: /api/v1/products}\n      method: {exact: GET}\n    route: [{destination: {host: r}}]\n', 'ineffective-match');
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'info');
  assert.match(f[0].message, /Match 1 of http\[0\] is never used: an earlier match of this rule has a broader URI prefix/);
});
