// What the fixtures (test/rules/tls-no-ca/) cannot say: the upstream code and mode in the finding's data.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { caseFindings } from './_cases.mjs';

test('tls-no-ca: destination-level findings are IST0128, port-level ones IST0129', () => {
  const f = caseFindings('tls-no-ca', 'mutual-and-simple-without-ca');
  assert.deepEqual(
    f.map((x) => [x.data.code, x.data.mode]),
    [
      ['IST0128', 'MUTUAL'],
      ['IST0129', 'SIMPLE'],
    ],
  );
});
