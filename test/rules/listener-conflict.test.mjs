import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from './_check.mjs';
import { k8sGateway } from './_gatewayapi.mjs';

test('listener-conflict: duplicate names and duplicate port/protocol/hostname', () => {
  const f = findingsOf(
    k8sGateway(
      'gw',
      'infra',
      '  - {name: a, protocol: HTTP, port: 80, hostname: a.example.com}\n  - {name: a, protocol: HTTP, port: 81}\n  - {name: c, protocol: HTTP, port: 80, hostname: A.example.com}\n  - {name: d, protocol: HTTP, port: 80, hostname: d.example.com}\n',
    ),
    'listener-conflict',
  );
  assert.deepEqual(f.map((x) => x.data.listenerIndex), [1, 2]);
  assert.match(f[0].message, /Listener name a is already used by listener 0/);
  assert.match(f[1].message, /Listener c has the same port \(80\), protocol \(HTTP\) and hostname \(A\.example\.com\) as listener a/);
  // Istio's own Gateway kind is not a Gateway API Gateway.
  assert.equal(findingsOf('apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: g\nspec:\n  selector: {istio: ingressgateway}\n  servers:\n  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["*"]\n  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["*"]\n', 'listener-conflict').length, 0);
});

test('listener-conflict: overlapping listeners across Gateways only when they share an address', () => {
  const gw = (name, addr, host) =>
    `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: ${name}\n  namespace: infra\nspec:\n  gatewayClassName: istio\n${addr ? `  addresses:\n  - type: Hostname\n    value: ${addr}\n` : ''}  listeners:\n  - {name: http, protocol: HTTP, port: 80, hostname: "${host}"}\n`;
  const shared = 'istio-ingressgateway.istio-system.svc.cluster.local';
  let f = findingsOf({ 'a.yaml': gw('a', shared, '*.example.com'), 'b.yaml': gw('b', shared, 'shop.example.com') }, 'listener-conflict');
  assert.deepEqual(f.map((x) => [x.data.resource, x.severity]), [['Gateway/infra/a', 'warning'], ['Gateway/infra/b', 'warning']]);
  assert.match(f[0].message, /overlaps listener http of Gateway infra\/b, which shares address istio-ingressgateway/);
  // Each Gateway without a shared address gets its own proxies in Istio: no finding.
  assert.equal(findingsOf({ 'a.yaml': gw('a', '', '*.example.com'), 'b.yaml': gw('b', '', 'shop.example.com') }, 'listener-conflict').length, 0);
  assert.equal(findingsOf({ 'a.yaml': gw('a', shared, 'a.example.com'), 'b.yaml': gw('b', shared, 'b.example.com') }, 'listener-conflict').length, 0);
});
