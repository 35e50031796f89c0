import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from './_check.mjs';
import { k8sGateway, httpRoute, svcYaml } from './_gatewayapi.mjs';

test('unknown-backend: missing Service (with a suggestion), port not exposed, missing port; other kinds left alone', () => {
  const files = {
    'gw.yaml': k8sGateway(),
    'svc.yaml': svcYaml('reviews', 'apps', 9080),
    'r.yaml': httpRoute(
      'r',
      'apps',
      `  parentRefs: [{name: gw, namespace: infra}]
  rules:
  - backendRefs:
    - {name: reviews, port: 9080}
    - {name: review, port: 9080}
    - {name: reviews, port: 8080}
    - {name: reviews}
    - {group: example.dev, kind: Custom, name: anything, port: 443}
`,
    ),
  };
  const f = findingsOf(files, 'unknown-backend');
  assert.deepEqual(f.map((x) => [x.data.backendIndex, x.severity]), [[1, 'warning'], [2, 'error'], [3, 'error']]);
  assert.match(f[0].message, /Backend Service apps\/review is not in the workspace \(did you mean reviews\?\)/);
  assert.match(f[1].message, /Service apps\/reviews does not expose port 8080 \(ports: 9080\)/);
  assert.match(f[2].message, /has no port: the API server rejects/);
});

test('unknown-backend: Istio Hostname and ServiceEntry backends resolve against ServiceEntries', () => {
  const se = 'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata:\n  name: ext\n  namespace: apps\nspec:\n  hosts: [api.example.com]\n  ports: [{number: 443, name: https, protocol: HTTPS}]\n  resolution: DNS\n';
  const files = {
    'se.yaml': se,
    'r.yaml': httpRoute(
      'r',
      'apps',
      `  parentRefs: [{name: gw, namespace: infra}]
  rules:
  - backendRefs:
    - {group: networking.istio.io, kind: Hostname, name: api.example.com, port: 443}
    - {group: networking.istio.io, kind: Hostname, name: api.example.com, port: 80}
    - {group: networking.istio.io, kind: Hostname, name: other.example.com, port: 443}
    - {group: networking.istio.io, kind: ServiceEntry, name: ext, port: 443}
`,
    ),
  };
  const f = findingsOf(files, 'unknown-backend');
  assert.deepEqual(f.map((x) => [x.data.backendIndex, x.severity]), [[1, 'error'], [2, 'warning']]);
  assert.match(f[0].message, /ServiceEntry apps\/ext does not declare port 80 \(ports: 443\)/);
  assert.match(f[1].message, /Host other\.example\.com \(an Istio Hostname backend\) matches no ServiceEntry/);
});
