import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from './_check.mjs';

test('missing-field: DestinationRule without host; Deployment whose metadata key is misspelt', () => {
  let f = findingsOf('apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: r\nspec:\n  subsets: []\n', 'missing-field');
  assert.deepEqual(f.map((x) => x.message), ['Missing required field `host` in spec.']);
  f = findingsOf('apiVersion: apps/v1\nkind: Deployment\nmeta data:\n  name: d\nspec: {}\n', 'missing-field');
  assert.deepEqual(f.map((x) => [x.line, x.message]), [
    [2, 'Missing required field `metadata` in the resource.'],
    [5, 'Missing required field `selector` in spec.'],
    [5, 'Missing required field `template` in spec.'],
  ]);
});
