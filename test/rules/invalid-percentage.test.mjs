import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf, vsHead } from './_check.mjs';

test('invalid-percentage: fault percentage above 100', () => {
  const f = findingsOf(vsHead + '  http:\n  - fault:\n      abort:\n        httpStatus: 503\n        percentage: {value: 150}\n    route:\n    - destination: {host: r}\n', 'invalid-percentage');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /`percentage` 150 is outside 0\.\.100/);
});
