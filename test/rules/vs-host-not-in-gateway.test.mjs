import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from './_check.mjs';
import { service, deployment, destinationRule, virtualService } from './_fixtures.mjs';

const gw = (name, hosts, { ns = "default", selector = "istio: ingressgateway", port = 80 } = {}) => `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector: {${selector}}\n  servers:\n  - port: {number: ${port}, name: http, protocol: HTTP}\n    hosts: [${hosts.map((h) => `"${h}"`).join(", ")}]\n`;
test('vs-host-not-in-gateway: a gateway that accepts none of the hosts; namespace prefixes', () => {
  const f = findingsOf({ 'g.yaml': gw('public', ['shop.example.com']) + '---\n' + gw('own', ['./api.example.com'], { ns: 'edge' }), 'v.yaml': virtualService('r', 'api.example.com', [['r']], { gateways: ['public', 'edge/own', 'mesh'] }) }, 'vs-host-not-in-gateway');
  assert.deepEqual(f.map((x) => x.data.gateway), ['Gateway/default/public', 'Gateway/edge/own']);
  assert.deepEqual(findingsOf({ 'g.yaml': gw('public', ['*.example.com']), 'v.yaml': virtualService('r', 'api.example.com', [['r']], { gateways: ['public'] }) }, 'vs-host-not-in-gateway'), []);
});
