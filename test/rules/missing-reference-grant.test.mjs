import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from './_check.mjs';
import { gwapi, k8sGateway, httpRoute, svcYaml } from './_gatewayapi.mjs';

const route = httpRoute('r', 'apps', `  parentRefs: [{name: gw, namespace: infra}]\n  rules:\n  - backendRefs:\n    - {name: billing, namespace: billing, port: 8080}\n    - {name: local, port: 8080}\n    - {name: elsewhere, namespace: unknown, port: 8080}\n`);
const grant = (from, toName = '') =>
  gwapi('ReferenceGrant', 'allow', 'billing', `  from:\n  - group: gateway.networking.k8s.io\n    kind: HTTPRoute\n    namespace: ${from}\n  to:\n  - group: ""\n    kind: Service\n${toName ? `    name: ${toName}\n` : ''}`);

test('missing-reference-grant: cross-namespace backend without a matching ReferenceGrant', () => {
  const base = { 'gw.yaml': k8sGateway(), 'svc.yaml': svcYaml('billing', 'billing') + '---\n' + svcYaml('local', 'apps'), 'r.yaml': route };
  let f = findingsOf(base, 'missing-reference-grant');
  assert.equal(f.length, 1, 'the namespace without any configuration in the workspace is not reported');
  assert.match(f[0].message, /no ReferenceGrant in billing allows HTTPRoutes from namespace apps/);
  assert.equal(findingsOf({ ...base, 'grant.yaml': grant('apps') }, 'missing-reference-grant').length, 0);
  assert.equal(findingsOf({ ...base, 'grant.yaml': grant('apps', 'billing') }, 'missing-reference-grant').length, 0);
  assert.equal(findingsOf({ ...base, 'grant.yaml': grant('other') }, 'missing-reference-grant').length, 1);
  assert.equal(findingsOf({ ...base, 'grant.yaml': grant('apps', 'other-svc') }, 'missing-reference-grant').length, 1);
});
