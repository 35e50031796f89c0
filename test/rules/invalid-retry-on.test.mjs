import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf, vsHead } from './_check.mjs';

test('invalid-retry-on: misspelt policies get a suggestion; status codes are fine', () => {
  const vs = (p) => vsHead + `  http:\n  - retries:\n      attempts: 3\n      retryOn: ${p}\n    route:\n    - destination: {host: r}\n`;
  assert.deepEqual(findingsOf(vs('5xx,gateway-error,503'), 'invalid-retry-on'), []);
  const f = findingsOf(vs('connect_failure,5xx'), 'invalid-retry-on');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /Unknown retryOn policy connect_failure \(did you mean connect-failure\?\)/);
});
