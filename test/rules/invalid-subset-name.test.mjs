import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf, drHead } from './_check.mjs';

test('invalid-subset-name: not DNS-1123, duplicated', () => {
  const f = findingsOf(drHead + '  subsets:\n  - name: V2_canary\n    labels: {version: v2}\n  - name: v1\n    labels: {version: v1}\n  - name: v1\n    labels: {version: v1}\n', 'invalid-subset-name');
  assert.equal(f.length, 2);
  assert.match(f[0].message, /`V2_canary` is not a DNS-1123 label/);
  assert.match(f[1].message, /`v1` is defined twice/);
  assert.equal(f[1].line, 12);
});
