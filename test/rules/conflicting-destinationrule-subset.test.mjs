import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from './_check.mjs';
import { service, deployment, destinationRule, virtualService } from './_fixtures.mjs';

test('conflicting-destinationrule-subset: the same subset in two DestinationRules for one host', () => {
  const f = findingsOf({ 'a.yaml': destinationRule('a', 'r', [['v1', { version: 'v1' }]]), 'b.yaml': destinationRule('b', 'r', [['v1', { version: 'v1' }], ['v2', { version: 'v2' }]]) }, 'conflicting-destinationrule-subset');
  assert.deepEqual(f.map((x) => [x.file, x.data.subset]).sort(), [['a.yaml', 'v1'], ['b.yaml', 'v1']]);
});
