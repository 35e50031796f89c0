// Editor features on Gateway API resources: hover, definition, references, rename, code lens, schema validation.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allFindings, mdPlain, svc, workspaceOf } from './helpers.mjs';

const gw = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: public
  namespace: infra
spec:
  gatewayClassName: istio
  listeners:
  - name: http
    protocol: HTTP
    port: 80
    allowedRoutes:
      namespaces:
        from: All
`;
const service = (n) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${n}\n  namespace: shop\nspec:\n  selector: {app: ${n}}\n  ports: [{name: http, port: 9080}]\n`;
const route = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: reviews
  namespace: shop
spec:
  parentRefs:
  - name: public
    namespace: infra
    sectionName: http
  rules:
  - backendRefs:
    - name: reviews-v1
      port: 9080
      weight: 90
    - name: reviews-v2
      port: 9080
`;
const files = { 'gw.yaml': gw, 'svc.yaml': `${service('reviews-v1')}---\n${service('reviews-v2')}`, 'route.yaml': route };
const u = (f) => `file:///ws/${f}`;
const at = (text, needle, delta = 1) => {
  const off = text.indexOf(needle) + delta;
  const before = text.slice(0, off).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
};

test('hover: backend Service and its share, default weight, Gateway listeners', () => {
  const ws = workspaceOf(files);
  let h = svc.hover(ws, u('route.yaml'), at(route, 'reviews-v2'));
  assert.match(mdPlain(h.contents.value), /Backend \*\*reviews-v2\*\* port 9080/);
  assert.match(mdPlain(h.contents.value), /Service shop\/reviews-v2 — svc\.yaml:/);
  assert.match(mdPlain(h.contents.value), /Weight \*\*1\*\* \(default\) → \*\*1\.1%\*\*/);
  h = svc.hover(ws, u('route.yaml'), at(route, 'weight: 90', 9));
  assert.match(mdPlain(h.contents.value), /Weight \*\*90\*\* → \*\*98\.9%\*\*/);
  h = svc.hover(ws, u('route.yaml'), at(route, 'name: public', 7));
  assert.match(mdPlain(h.contents.value), /Gateway infra\/public — gw\.yaml:4/);
  assert.match(mdPlain(h.contents.value), /- \*\*http\*\*: HTTP 80 \(routes from: All\)/);
});

test('definition and references across Gateway, HTTPRoute and Service', () => {
  const ws = workspaceOf(files);
  const lines = (locs) => locs.map((l) => `${l.uri.slice(l.uri.lastIndexOf('/') + 1)}:${l.range.start.line + 1}`);
  assert.deepEqual(lines(svc.definition(ws, u('route.yaml'), at(route, 'reviews-v1'))), ['svc.yaml:4']);
  assert.deepEqual(lines(svc.definition(ws, u('route.yaml'), at(route, 'name: public', 7))), ['gw.yaml:4']);
  assert.deepEqual(lines(svc.definition(ws, u('route.yaml'), at(route, 'sectionName: http', 14))), ['gw.yaml:9']);
  assert.deepEqual(lines(svc.references(ws, u('gw.yaml'), at(gw, 'name: public', 7), true)), ['gw.yaml:4', 'route.yaml:8']);
  const svcText = service('reviews-v1');
  assert.deepEqual(lines(svc.references(ws, u('svc.yaml'), at(svcText, 'name: reviews-v1', 7), false)), ['route.yaml:13']);
  assert.deepEqual(lines(svc.references(ws, u('route.yaml'), at(route, 'reviews-v1'), true)), ['svc.yaml:4', 'route.yaml:13']);
});

test('rename a Gateway API Gateway: its name and every parentRef', () => {
  const ws = workspaceOf(files);
  const prep = svc.prepareRename(ws, u('route.yaml'), at(route, 'name: public', 7));
  assert.equal(prep.placeholder, 'public');
  const r = svc.rename(ws, u('route.yaml'), at(route, 'name: public', 7), 'edge');
  assert.deepEqual(Object.keys(r.edit.changes).sort(), [u('gw.yaml'), u('route.yaml')]);
  assert.equal(svc.applyTextEdits(ws.getFile(u('route.yaml')), r.edit.changes[u('route.yaml')]), route.replace('- name: public', '- name: edge'));
  assert.match(svc.rename(ws, u('gw.yaml'), at(gw, 'name: public', 7), 'Bad_Name').error, /not a valid Gateway name/);
});

test('code lens: the effective split of each HTTPRoute rule; schema validation of Gateway API kinds', () => {
  const ws = workspaceOf(files);
  const lenses = svc.codeLenses(ws, u('route.yaml'));
  assert.deepEqual(
    lenses.map((l) => l.command.title),
    ['reviews-v1 98.9% · reviews-v2 1.1%'],
  );
  const bad = workspaceOf({ 'r.yaml': route.replace('    - name: reviews-v2\n', '    - nmae: reviews-v2\n').replace('sectionName', 'sectionNmae') });
  const rules = allFindings(bad).map((f) => `${f.rule}:${f.line}`);
  assert.ok(rules.includes('unknown-field:10'), rules.join());
  assert.ok(rules.includes('unknown-field:16'), rules.join());
});
