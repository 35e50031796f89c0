import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from './_check.mjs';
import { httpRoute } from './_gatewayapi.mjs';

const r = (name, hosts, rules, meta) => httpRoute(name, 'apps', `  parentRefs: [{name: gw, namespace: infra}]\n${hosts ? `  hostnames: [${hosts}]\n` : ''}  rules:\n${rules}`, meta);

test('conflicting-httproute: same parent, overlapping hostnames, same match; the newer route is reported', () => {
  const api = '  - matches: [{path: {type: PathPrefix, value: /api/}}]\n    backendRefs: [{name: a, port: 80}]\n';
  const api2 = '  - matches: [{path: {type: PathPrefix, value: /api}}]\n    backendRefs: [{name: b, port: 80}]\n';
  let f = findingsOf({ 'a.yaml': r('a', 'shop.example.com', api), 'b.yaml': r('b', '"*.example.com"', api2) }, 'conflicting-httproute');
  assert.equal(f.length, 1);
  assert.equal(f[0].data.resource, 'HTTPRoute/apps/b');
  assert.match(f[0].message, /HTTPRoute apps\/a rule 0 has the same match on the same parent and hostnames/);
  // Creation timestamps decide when present: the older route wins.
  f = findingsOf({ 'a.yaml': r('a', '', api, '  creationTimestamp: "2026-02-01T00:00:00Z"\n'), 'b.yaml': r('b', '', api2, '  creationTimestamp: "2026-01-01T00:00:00Z"\n') }, 'conflicting-httproute');
  assert.deepEqual(f.map((x) => x.data.resource), ['HTTPRoute/apps/a']);
  // Different hostnames, different matches: no conflict.
  assert.equal(findingsOf({ 'a.yaml': r('a', 'a.example.com', api), 'b.yaml': r('b', 'b.example.com', api2) }, 'conflicting-httproute').length, 0);
  assert.equal(findingsOf({ 'a.yaml': r('a', '', api), 'b.yaml': r('b', '', '  - matches: [{path: {type: Exact, value: /api}}]\n    backendRefs: [{name: b, port: 80}]\n') }, 'conflicting-httproute').length, 0);
  // Within one route, a later rule with the same match never gets a request.
  f = findingsOf(r('a', '', api + api2), 'conflicting-httproute');
  assert.match(f[0].message, /Rule 0 of this route has the same match and comes first/);
});
