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
    - {group: networking.istio.io, kind: Hostname, name: api.example.com, port: 443}
`,
    ),
  };
  const f = findingsOf(files, 'unknown-backend');
  assert.deepEqual(f.map((x) => [x.data.backendIndex, x.severity]), [[1, 'warning'], [2, 'error'], [3, 'error']]);
  assert.match(f[0].message, /Backend Service apps\/review is not in the workspace \(did you mean reviews\?\)/);
  assert.match(f[1].message, /Service apps\/reviews does not expose port 8080 \(ports: 9080\)/);
  assert.match(f[2].message, /has no port: the API server rejects/);
});
