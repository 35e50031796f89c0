import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from './_check.mjs';

test('missing-field: DestinationRule without host; a misspelt metadata key is reported once, as unknown-field', () => {
  let f = findingsOf('apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: r\nspec:\n  subsets: []\n', 'missing-field');
  assert.deepEqual(f.map((x) => x.message), ['Missing required field `host` in spec.']);
  f = findingsOf('apiVersion: apps/v1\nkind: Deployment\nmeta data:\n  name: d\nspec: {}\n', 'missing-field');
  assert.deepEqual(findingsOf('apiVersion: apps/v1\nkind: Deployment\nspec: {selector: {}, template: {}}\n', 'missing-field').map((x) => x.message), ['Missing required field `metadata` in the resource.']);
  assert.deepEqual(f.map((x) => [x.line, x.message]), [
    [5, 'Missing required field `selector` in spec.'],
    [5, 'Missing required field `template` in spec.'],
  ]);
});
