// Portable files (service/workspace/portable.ts): a workspace that parsed only some files analyses
// them against the others' portable form (resources and ranges, no syntax) with the findings a
// workspace of every file parsed gives; a read of what a portable file does not hold is reported.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isMap, isPair, isScalar } from 'yaml';
import { root, svc } from './helpers.mjs';

const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  gateways: [web-gw]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
      weight: 70
    - destination: {host: reviews, subset: v3}
      weight: 40
`;
const DR = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  subsets:
  - name: v1
    labels: {version: v1}
  - name: v2
    labels: {version: v2}
`;
const GW = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: web-gw
spec:
  gatewayClassName: istio
  listeners:
  - name: http
    hostname: "*.example.com"
    port: 80
    protocol: HTTP
`;
const DUP = `${DR}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: reviews\nspec:\n  selector: {app: reviews}\n  ports: [{port: 9080, name: http}]\n`;

/** Findings of `own` files in a workspace that parsed them and holds the others' portable files. */
function split(files, own) {
  const texts = new Map(Object.entries(files).map(([n, t]) => [`file:///ws/${n}`, t]));
  const mine = svc.createWorkspace({}, { reuse: false });
  const theirs = svc.createWorkspace({}, { reuse: false });
  const ownEntries = [];
  const otherEntries = [];
  for (const [uri, text] of texts) {
    const mineToo = own.includes(uri.slice('file:///ws/'.length));
    (mineToo ? ownEntries : otherEntries).push((mineToo ? mine : theirs).readEntry(uri, text));
  }
  const touched = [];
  const foreign = svc.foreignFiles(
    svc.portableFiles(otherEntries),
    (u) => texts.get(u),
    (w) => touched.push(w),
  );
  const byUri = new Map([...ownEntries, ...foreign].map((e) => [e.uri, e]));
  mine.addEntries([...texts.keys()].map((u) => byUri.get(u)));
  return { ws: mine, touched, foreign };
}

function whole(files) {
  const ws = svc.createWorkspace({});
  for (const [n, t] of Object.entries(files)) ws.setFile(`file:///ws/${n}`, t);
  return ws;
}

const strip = (ds) => ds.map(({ data: _d, built: _b, ...d }) => d);

test('portable files: findings against foreign files equal those of one workspace', () => {
  const files = { 'vs.yaml': VS, 'dr.yaml': DR, 'gw.yaml': GW, 'more/dup.yaml': DUP };
  const full = whole(files);
  for (const own of [['vs.yaml'], ['dr.yaml', 'gw.yaml'], ['more/dup.yaml', 'vs.yaml']]) {
    const { ws, touched } = split(files, own);
    for (const n of own) assert.deepEqual(strip(ws.diagnostics(`file:///ws/${n}`)), strip(full.diagnostics(`file:///ws/${n}`)), `${n} with ${own}`);
    assert.deepEqual(touched, [], `nothing beyond the portable form was read (${own})`);
  }
  // The checks had something to find: the unknown subset v3, the 110% split, the Gateway's hosts.
  const rules = full.diagnostics('file:///ws/vs.yaml').map((d) => d.rule);
  for (const r of ['unknown-subset', 'weights-not-100', 'vs-host-not-in-gateway']) assert.ok(rules.includes(r), `${r} in ${rules}`);
});

test('portable files: ranges and node types are kept; any other read of the syntax is reported', () => {
  const { foreign, touched } = split({ 'vs.yaml': VS, 'dr.yaml': DR }, ['vs.yaml']);
  const [dr] = foreign;
  assert.equal(dr.uri, 'file:///ws/dr.yaml');
  const res = dr.resources[0];
  assert.equal(res.kind, 'DestinationRule');
  assert.deepEqual(
    res.view.dr.subsets.map((s) => s.name?.value),
    ['v1', 'v2'],
  );
  // yaml's own type checks answer, and ranges are where the text is.
  assert.ok(isMap(res.node));
  const name = res.view.dr.subsets[1].name.node;
  assert.ok(isScalar(name));
  assert.equal(DR.slice(res.doc.base + name.range[0], res.doc.base + name.range[1]), 'v2');
  assert.equal(dr.text, DR);
  assert.equal(dr.lines.positionAt(DR.indexOf('v2')).line, 9);
  assert.deepEqual(touched, []);
  // What was not sent is reported, never made up.
  assert.equal(name.value, undefined);
  assert.equal(res.doc.doc, undefined);
  assert.equal(dr.docs.length, undefined);
  assert.equal(dr.facts.parsed, undefined);
  assert.deepEqual(touched, ['foreign scalar.value', 'foreign document.doc', 'foreign documents.length', 'foreign text facts.parsed']);
  assert.ok(!isPair(name));
});

test('portable files: the Gateway API views travel with their resources', () => {
  const { foreign, touched } = split({ 'vs.yaml': VS, 'gw.yaml': GW }, ['vs.yaml']);
  const gw = foreign[0].resources[0];
  const view = svc.k8sGatewayView(gw);
  assert.equal(view.listeners[0].hostname.value, '*.example.com');
  assert.deepEqual(touched, []);
});

test('portable files: the examples, split every way in two, give the findings of one workspace', () => {
  const dir = join(root, 'examples');
  const files = Object.fromEntries(
    readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  );
  const names = Object.keys(files);
  assert.ok(names.length >= 3);
  const full = whole(files);
  for (let mask = 1; mask < 1 << names.length; mask++) {
    const own = names.filter((_, i) => mask & (1 << i));
    const { ws, touched } = split(files, own);
    assert.deepEqual(touched, [], own.join(','));
    for (const n of own) assert.deepEqual(strip(ws.diagnostics(`file:///ws/${n}`)), strip(full.diagnostics(`file:///ws/${n}`)), `${n} with ${own}`);
  }
});
