// What the fixtures (test/rules/unknown-field/) cannot say: the suggestion in the finding's data.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { caseFindings } from './_cases.mjs';

test('unknown-field: seed 003 `meta data:` carries the suggestion metadata', () => {
  assert.deepEqual(
    caseFindings('unknown-field', 'seed-003-meta-data').map((f) => f.data.suggestion),
    ['metadata'],
  );
});
