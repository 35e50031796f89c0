import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf, vsHead } from './_check.mjs';

test('route-conflicting-actions: route and redirect in one HTTP route', () => {
  const f = findingsOf(vsHead + '  http:\n  - route:\n    - destination: {host: r}\n    redirect:\n      uri: /new\n', 'route-conflicting-actions');
  assert.equal(f.length, 1);
  assert.equal(f[0].line, 10);
  assert.match(f[0].message, /has both `route` and `redirect`/);
});
