// What the fixtures (test/rules/api-version-upgrade/) cannot say: the version the finding proposes, in its data.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { caseFindings } from './_cases.mjs';

test('api-version-upgrade: the finding carries the version to upgrade to', () => {
  assert.deepEqual(
    caseFindings('api-version-upgrade', 'v1alpha3-gateway').map((f) => f.data.to),
    ['networking.istio.io/v1'],
  );
});
