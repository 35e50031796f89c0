import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf, vsHead } from './_check.mjs';

test('invalid-duration: not a duration, below 1ms, sub-millisecond precision; valid ones pass', () => {
  const vs = (t, p) => vsHead + `  http:\n  - timeout: ${t}\n    retries:\n      attempts: 3\n      perTryTimeout: ${p}\n    route:\n    - destination: {host: r}\n`;
  assert.deepEqual(findingsOf(vs('5s', '250ms'), 'invalid-duration'), []);
  assert.deepEqual(findingsOf(vs('1m30s', '2s'), 'invalid-duration'), []);
  const f = findingsOf(vs('5 seconds', '500us'), 'invalid-duration');
  assert.deepEqual(f.map((x) => x.message), [
    '`timeout: 5 seconds` is not a duration: write a number with a unit, such as 5s, 250ms or 1m30s.',
    '`perTryTimeout: 500us` is shorter than 1ms, the smallest duration Istio accepts.',
  ]);
  assert.match(findingsOf(vs('1.5ms', '2s'), 'invalid-duration')[0].message, /more precise than a millisecond/);
});
