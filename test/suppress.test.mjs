// Suppression as users already write it: inline comments and annotations (ours, istioctl's, Kiali's).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allFindings, workspaceOf } from './helpers.mjs';

const vs = (annotations = '', comment = '') =>
  `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\n${annotations}spec:\n  hosts: [r]\n  gateways: [nowhere]\n  http:\n  - route:\n    - destination: {host: r, subset: v1}\n${comment}      weight: 50\n`;
const rules = (text) =>
  allFindings(workspaceOf({ 'v.yaml': text }))
    .map((f) => f.rule)
    .sort();

test('without suppression the findings are there', () => {
  assert.deepEqual(rules(vs()), ['single-destination-weight', 'unknown-gateway', 'unknown-host', 'unknown-subset']);
});

test('# meshlint-disable-next-line silences the named rule on the next line', () => {
  assert.deepEqual(rules(vs('', '      # meshlint-disable-next-line single-destination-weight\n')), ['unknown-gateway', 'unknown-host', 'unknown-subset']);
});

test('annotations: meshlint.io/disable, galley.istio.io/analyze-suppress (IST codes), kiali.io/ignore-validations (KIA codes)', () => {
  assert.deepEqual(rules(vs('  annotations:\n    meshlint.io/disable: "unknown-host, unknown-subset"\n')), ['single-destination-weight', 'unknown-gateway']);
  // IST0101 maps to unknown-host, unknown-subset, unknown-gateway, ...
  assert.deepEqual(rules(vs('  annotations:\n    galley.istio.io/analyze-suppress: "IST0101"\n')), ['single-destination-weight']);
  assert.deepEqual(rules(vs('  annotations:\n    kiali.io/ignore-validations: "KIA1104"\n')), ['unknown-gateway', 'unknown-host', 'unknown-subset']);
  assert.deepEqual(rules(vs('  annotations:\n    meshlint.io/disable: "*"\n')), []);
});
