import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from './_check.mjs';
import { service, deployment, destinationRule, virtualService } from './_fixtures.mjs';

test('single-destination-weight: one destination with weight 50', () => {
  assert.equal(findingsOf(virtualService('v', 'r', [['r', 'v1', 50]]), 'single-destination-weight').length, 1);
  assert.deepEqual(findingsOf(virtualService('v', 'r', [['r', 'v1', 100]]), 'single-destination-weight'), []);
});
