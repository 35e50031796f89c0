// What the fixtures (test/rules/unknown-subset/) cannot say: the suggestion in the finding's data and
// its related information.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { caseFindings } from './_cases.mjs';

test('unknown-subset: the close subset is the suggestion, and the DestinationRule is related information', () => {
  const f = caseFindings('unknown-subset', 'close-name');
  assert.equal(f.length, 1);
  assert.equal(f[0].data.suggestion, 'canary');
  assert.equal(f[0].related[0].uri, 'file:///ws/dr.yaml');
});
