import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtures } from '../helpers.mjs';
import { findingsOf } from './_check.mjs';

test('removed-api: seed 004 Mixer metric, prometheus and rule, with the Telemetry API as replacement', () => {
  const f = findingsOf({ 'm.yaml': readFileSync(join(fixtures, 'seeds/004-mixer-telemetry.yaml'), 'utf8') }, 'removed-api');
  assert.deepEqual(f.map((x) => [x.line, x.data.kind]), [[2, 'metric'], [17, 'prometheus'], [34, 'rule']]);
  for (const x of f) {
    assert.equal(x.severity, 'error');
    assert.match(x.message, /removed in Istio 1\.8 .*Telemetry API \(telemetry\.istio\.io\/v1 Telemetry/);
  }
});
