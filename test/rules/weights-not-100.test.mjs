// What the fixtures (test/rules/weights-not-100/) cannot say: the weights in the finding's data.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { caseFindings } from './_cases.mjs';

test('weights-not-100: the finding carries the weights of the route', () => {
  assert.deepEqual(
    caseFindings('weights-not-100', 'total-110').map((f) => f.data.weights),
    [[70, 40]],
  );
});
