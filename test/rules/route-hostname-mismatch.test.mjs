import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from './_check.mjs';
import { k8sGateway, httpRoute } from './_gatewayapi.mjs';

const gw = k8sGateway('gw', 'infra', '  - name: shop\n    protocol: HTTP\n    port: 80\n    hostname: "*.shop.example.com"\n    allowedRoutes: {namespaces: {from: All}}\n  - name: any\n    protocol: HTTP\n    port: 8080\n    allowedRoutes: {namespaces: {from: All}}\n');
const route = (hosts, section) => httpRoute('r', 'apps', `  parentRefs: [{name: gw, namespace: infra${section ? `, sectionName: ${section}` : ''}}]\n  hostnames: [${hosts.join(', ')}]\n  rules:\n  - backendRefs: [{name: s, port: 80}]\n`);

test('route-hostname-mismatch: route hostnames against the listeners it attaches to', () => {
  assert.equal(findingsOf({ 'gw.yaml': gw, 'r.yaml': route(['cart.shop.example.com'], 'shop') }, 'route-hostname-mismatch').length, 0);
  assert.equal(findingsOf({ 'gw.yaml': gw, 'r.yaml': route(['"*.example.com"'], 'shop') }, 'route-hostname-mismatch').length, 0);
  // The listener without hostname takes every hostname.
  assert.equal(findingsOf({ 'gw.yaml': gw, 'r.yaml': route(['api.example.org']) }, 'route-hostname-mismatch').length, 0);
  const f = findingsOf({ 'gw.yaml': gw, 'r.yaml': route(['api.example.org', 'shop.example.com'], 'shop') }, 'route-hostname-mismatch');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /None of the route's hostnames \(api\.example\.org, shop\.example\.com\) matches a listener hostname of Gateway infra\/gw \(\*\.shop\.example\.com\)/);
});
