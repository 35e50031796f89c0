// The bookinfo samples with bookinfo.yaml yield the findings EXPECTED.json lists, plus only justified ones.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BOOKINFO_JUSTIFIED, bookinfoFindings } from './harness.mjs';

test('bookinfo samples: expected findings present, every other one justified', () => {
  const f = bookinfoFindings();
  const has = (file, rule, re) => f.some((x) => x.file === file && x.rule === rule && re.test(x.message));
  assert.ok(has('bookinfo-gateway.yaml', 'gateway-subset-ingress', /productpage/), 'IST0140 on bookinfo');
  assert.ok(has('destination-rule-all.yaml', 'subset-no-workload', /Subset v2-mysql /), 'IST0173 ratings v2-mysql');
  assert.ok(has('destination-rule-all.yaml', 'subset-no-workload', /Subset v2-mysql-vm /), 'IST0173 ratings v2-mysql-vm');
  assert.ok(has('fault-injection-details-v1.yaml', 'unreachable-route', /http\[1\]/), 'IST0130 on details');
  const expectedRules = new Set(['gateway-subset-ingress', 'unreachable-route']);
  const unjustified = f.filter((x) => !expectedRules.has(x.rule) && !BOOKINFO_JUSTIFIED[x.rule]);
  assert.deepEqual(unjustified, []);
});
