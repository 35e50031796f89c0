import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf, vsHead } from './_check.mjs';

test('invalid-regex: RE2 rejects lookaheads; the seed cookie regex is fine', () => {
  const vs = (re) => vsHead + `  http:\n  - match:\n    - headers:\n        cookie:\n          regex: "${re}"\n    route:\n    - destination: {host: r}\n`;
  const f = findingsOf(vs('^(?=.*canary).*$'), 'invalid-regex');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /is not valid RE2 \(invalid or unsupported Perl syntax/);
  assert.deepEqual(findingsOf(vs('.*canary=true.*'), 'invalid-regex'), []);
});
