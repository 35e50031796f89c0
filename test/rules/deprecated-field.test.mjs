import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtures } from '../helpers.mjs';
import { findingsOf, drHead } from './_check.mjs';

test('deprecated-field: seed 004 fault delay `percent`; mirrorPercent; consecutiveErrors', () => {
  let f = findingsOf({ 'f.yaml': readFileSync(join(fixtures, 'seeds/004-ratings-fault-delay.yaml'), 'utf8') }, 'deprecated-field');
  assert.equal(f.length, 1);
  assert.equal(f[0].line, 12);
  assert.match(f[0].message, /`percent` is deprecated: use `percentage: \{value: <0-100>\}`/);
  f = findingsOf(drHead + '  trafficPolicy:\n    outlierDetection:\n      consecutiveErrors: 5\n', 'deprecated-field');
  assert.match(f[0].message, /consecutive5xxErrors/);
});
