// Conformance with istioctl analyze on its own test data: recall ≥ 95% on in-scope cases,
// every disagreement explained, docs/conformance.md current.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { root } from '../helpers.mjs';
import { renderMarkdown, runConformance } from './harness.mjs';

const r = runConformance();

test('recall on in-scope upstream cases is at least 95%', () => {
  console.log(`# conformance: ${r.cases} cases, agreed ${r.agreed}, missed ${r.missed}, extra ${r.extra}, recall ${r.recall.toFixed(1)}%`);
  assert.ok(r.cases >= 80, `cases run: ${r.cases}`);
  assert.ok(r.recall >= 95, `recall ${r.recall.toFixed(1)}%`);
});

test('every disagreement with upstream has a recorded reason', () => {
  const unexplained = r.disagreements.filter((d) => !d.reason).map((d) => d.id);
  assert.deepEqual(unexplained, []);
});

test('every out-of-scope case says why', () => {
  for (const o of r.outOfScope) assert.ok(o.reason && o.reason.length > 10, o.caseId);
});

test('docs/conformance.md is current (npm run conformance)', () => {
  assert.equal(readFileSync(join(root, 'docs/conformance.md'), 'utf8'), renderMarkdown(r));
});
