import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from './_check.mjs';
import { k8sGateway, httpRoute, svcYaml } from './_gatewayapi.mjs';

const istioGw = 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: legacy\n  namespace: infra\nspec:\n  selector: {istio: ingressgateway}\n  servers:\n  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["*"]\n';

test('unknown-parent-ref: missing Gateway, Istio Gateway, unknown section and port, listener that admits only its namespace, missing Service', () => {
  const files = {
    'gw.yaml': k8sGateway('gw', 'infra', '  - name: http\n    protocol: HTTP\n    port: 80\n    allowedRoutes: {namespaces: {from: All}}\n  - name: internal\n    protocol: HTTP\n    port: 8080\n') + '---\n' + istioGw,
    'svc.yaml': svcYaml('reviews', 'apps'),
    'r.yaml': httpRoute(
      'r',
      'apps',
      `  parentRefs:
  - {name: gw, namespace: infra}
  - {name: gw, namespace: infra, sectionName: http}
  - {name: gww, namespace: infra}
  - {name: legacy, namespace: infra}
  - {name: gw, namespace: infra, sectionName: https}
  - {name: gw, namespace: infra, port: 443}
  - {name: gw, namespace: infra, sectionName: internal}
  - {group: '', kind: Service, name: reviews}
  - {group: '', kind: Service, name: ratings}
  rules:
  - backendRefs: [{name: reviews, port: 8080}]
`,
    ),
  };
  const f = findingsOf(files, 'unknown-parent-ref');
  assert.deepEqual(
    f.map((x) => [x.data.parentIndex, x.severity]),
    [[2, 'warning'], [3, 'error'], [4, 'error'], [5, 'error'], [6, 'error'], [8, 'warning']],
  );
  assert.match(f[0].message, /Gateway infra\/gww is defined by no Gateway API Gateway in the workspace \(did you mean gw\?\)/);
  assert.match(f[1].message, /is an Istio Gateway \(networking\.istio\.io\)/);
  assert.match(f[2].message, /has no listener named https \(listeners: http:80, internal:8080\)/);
  assert.match(f[3].message, /has no listener on port 443/);
  assert.match(f[4].message, /does not admit routes from namespace apps/);
  assert.match(f[5].message, /Service apps\/ratings \(the parent of this mesh route\) is not in the workspace/);
});
