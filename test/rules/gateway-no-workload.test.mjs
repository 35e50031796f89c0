import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from './_check.mjs';
import { service, deployment, destinationRule, virtualService } from './_fixtures.mjs';

const gw = (name, hosts, { ns = "default", selector = "istio: ingressgateway", port = 80 } = {}) => `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector: {${selector}}\n  servers:\n  - port: {number: ${port}, name: http, protocol: HTTP}\n    hosts: [${hosts.map((h) => `"${h}"`).join(", ")}]\n`;
const pod = (labels) => 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: gw-pod\n  namespace: istio-system\n  labels: {' + labels + '}\nspec:\n  containers: [{name: istio-proxy, image: proxy}]\n';
test('gateway-no-workload: a selector matching no gateway pod; quiet without gateway workloads', () => {
  const f = findingsOf({ 'g.yaml': gw('public', ['*'], { selector: 'istio: egressgateway' }), 'p.yaml': pod('istio: ingressgateway') }, 'gateway-no-workload');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /selector istio=egressgateway matches none of the gateway workloads/);
  assert.deepEqual(findingsOf({ 'g.yaml': gw('public', ['*'], { selector: 'istio: egressgateway' }) }, 'gateway-no-workload'), []);
});
