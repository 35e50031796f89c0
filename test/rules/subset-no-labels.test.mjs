import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from './_check.mjs';
import { service, deployment, destinationRule, virtualService } from './_fixtures.mjs';

test('subset-no-labels', () => {
  const f = findingsOf('apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: r\nspec:\n  host: r\n  subsets:\n  - name: all\n  - name: v1\n    labels: {version: v1}\n', 'subset-no-labels');
  assert.deepEqual(f.map((x) => x.data.subset), ['all']);
});
