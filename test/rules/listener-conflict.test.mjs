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
