// Agreement with upstream's CRD validation test data (validation-crds): documents upstream
// rejects that we flag, and documents it accepts that we accept. Most misses are CEL rules
// (x-kubernetes-validations) that JSON Schema cannot express; the two false positives are
// explained below. The figures are pinned so that a change is noticed.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixtures, svc } from './helpers.mjs';

// Rules about meaning, not about what the API server accepts (unknown-http-method: a method no request has is valid to the API server, but allows nothing).
const reference = new Set([
  'duplicate-resource',
  'unknown-host',
  'unknown-subset',
  'unknown-gateway',
  'subset-no-workload',
  'api-version-upgrade',
  'unknown-http-method',
]);

test('validation-crds: agreement with upstream accept/reject', () => {
  const dir = join(fixtures, 'istio-corpus/validation-crds');
  let rejected = 0,
    flagged = 0,
    valid = 0,
    accepted = 0;
  const falsePositives = [];
  for (const f of readdirSync(dir).sort()) {
    for (const d of readFileSync(join(dir, f), 'utf8').split(/^---\s*$/m)) {
      if (!/^kind:/m.test(d)) continue;
      const ws = svc.createWorkspace();
      ws.setFile('file:///x.yaml', d.replace(/^_err: .*\n/m, ''));
      const bad = ws.diagnostics('file:///x.yaml').filter((x) => (x.severity === 'error' || x.severity === 'warning') && !reference.has(x.rule));
      if (f.includes('invalid')) {
        rejected++;
        if (bad.length) flagged++;
      } else {
        valid++;
        if (!bad.length) accepted++;
        else falsePositives.push(`${f}: ${bad[0].message}`);
      }
    }
  }
  console.log(`# validation-crds: flagged ${flagged}/${rejected} rejected documents, accepted ${accepted}/${valid} valid ones`);
  assert.equal(rejected, 77);
  assert.ok(flagged >= 35, `flagged ${flagged}`);
  assert.equal(valid, 35);
  // Known false positives: the pinned CRDs predate RequestAuthentication jwtRules.presence; and
  // YAML 1.2 reads the flow item `001:db8::` as a mapping where Kubernetes' parser reads a string.
  assert.equal(accepted, 33, falsePositives.join('\n'));
  assert.ok(falsePositives.some((x) => x.startsWith('reqauth-valid.yaml') && /presence/.test(x)));
  assert.ok(falsePositives.some((x) => x.startsWith('serviceentry-valid.yaml')));
});
