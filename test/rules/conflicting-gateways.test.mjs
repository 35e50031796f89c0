import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from './_check.mjs';
import { service, deployment, destinationRule, virtualService } from './_fixtures.mjs';

const gw = (name, hosts, { ns = "default", selector = "istio: ingressgateway", port = 80 } = {}) => `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector: {${selector}}\n  servers:\n  - port: {number: ${port}, name: http, protocol: HTTP}\n    hosts: [${hosts.map((h) => `"${h}"`).join(", ")}]\n`;
test('conflicting-gateways: same selector, same port, overlapping hosts', () => {
  const f = findingsOf({ 'a.yaml': gw('alpha', ['foo.bar']), 'b.yaml': gw('beta', ['*.bar']), 'c.yaml': gw('gamma', ['foo.bar'], { port: 8080 }) }, 'conflicting-gateways');
  assert.deepEqual(f.map((x) => x.file).sort(), ['a.yaml', 'b.yaml']);
  assert.match(f.find((x) => x.file === 'a.yaml').message, /Conflict with gateway default\/beta \(workload selector istio=ingressgateway, port 80, hosts foo\.bar\)/);
});
