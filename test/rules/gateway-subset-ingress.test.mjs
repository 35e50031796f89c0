import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from './_check.mjs';
import { service, deployment, destinationRule, virtualService } from './_fixtures.mjs';

const gw = (name, hosts, { ns = "default", selector = "istio: ingressgateway", port = 80 } = {}) => `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector: {${selector}}\n  servers:\n  - port: {number: ${port}, name: http, protocol: HTTP}\n    hosts: [${hosts.map((h) => `"${h}"`).join(", ")}]\n`;
test('gateway-subset-ingress: gateway traffic to a host whose subset split is in a mesh-only VirtualService', () => {
  const files = { 'g.yaml': gw('public', ['*']), 'edge.yaml': virtualService('edge', 'shop.example.com', [['r']], { gateways: ['public'] }), 'mesh.yaml': virtualService('r', 'r', [['r', 'v1', 90], ['r', 'v2', 10]]) };
  const f = findingsOf(files, 'gateway-subset-ingress');
  assert.equal(f.length, 1);
  assert.equal(f[0].file, 'edge.yaml');
  assert.match(f[0].message, /Subset routing in VirtualService default\/r .* has no effect on requests entering through gateway default\/public/);
});
