import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from './_check.mjs';
import { service, deployment, destinationRule, virtualService } from './_fixtures.mjs';

test('duplicate-destination: the same host and subset twice in one route', () => {
  const f = findingsOf(virtualService('v', 'r', [['r', 'v1', 50], ['r', 'v1', 50]]), 'duplicate-destination');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /Destination 2 of http\[0\] repeats destination 1/);
});
