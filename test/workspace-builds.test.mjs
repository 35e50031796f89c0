// Builds in the index: a build's objects are analysed as applied, each finding is shown at the
// source line that produced it, once per line, saying in which builds it holds when not in all;
// the raw input files of a build get only their text checked; fixes edit the sources.
// The builds here are made by hand (as the Node layer hands rendered charts to the workspace),
// with origins read off the source files, so the test covers the workspace's side alone.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDocument } from 'yaml';
import { svc } from './helpers.mjs';

/** A built object from a source text: its value, and every node's origin (value ranges) in that file. */
function objectFrom(uri, text, edit = (v) => v) {
  const doc = parseDocument(text);
  const origins = new Map();
  const walk = (node, pointer) => {
    if (!node?.range) return;
    origins.set(pointer, { uri, start: node.range[0], end: node.range[1] });
    if (node.items)
      node.items.forEach((it, i) => {
        if (it.key !== undefined) walk(it.value, `${pointer}/${String(it.key.value).replace(/~/g, '~0').replace(/\//g, '~1')}`);
        else walk(it, `${pointer}/${i}`);
      });
  };
  walk(doc.contents, '');
  return { value: edit(doc.toJS()), origins };
}

const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: reviews
        subset: v3
`;
const DR = (subsets) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  subsets:
${subsets.map((s) => `  - name: ${s}\n    labels:\n      version: ${s}\n`).join('')}`;
const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews
spec:
  template:
    metadata:
      labels:
        app: reviews
    spec:
      containers:
      - name: reviews
        image: reviews:1
`;

const withNs = (ns) => (v) => ({ ...v, metadata: { ...v.metadata, namespace: ns } });

function build(id, root, inputs, objects) {
  return { id, kind: 'helm', root, inputs, objects, problems: [] };
}

test('a finding on a built object is shown at its source line, and the raw inputs are not checked as objects', () => {
  const ws = svc.createWorkspace();
  ws.roots = ['file:///w/'];
  ws.setFile('file:///w/base/vs.yaml', VS);
  ws.setFile('file:///w/base/dr.yaml', DR(['v1', 'v2']));
  ws.setFile('file:///w/base/deploy.yaml', DEPLOY);
  // The build completes the Deployment (a selector, as commonLabels would) and sets a namespace.
  const deploy = objectFrom('file:///w/base/deploy.yaml', DEPLOY, (v) => ({
    ...withNs('team')(v),
    spec: { ...v.spec, selector: { matchLabels: { app: 'reviews' } } },
  }));
  ws.setRenderedBuilds([
    build(
      'helm:file:///w/base/',
      'file:///w/base/',
      ['file:///w/base/vs.yaml', 'file:///w/base/dr.yaml', 'file:///w/base/deploy.yaml'],
      [objectFrom('file:///w/base/vs.yaml', VS, withNs('team')), objectFrom('file:///w/base/dr.yaml', DR(['v1', 'v2']), withNs('team')), deploy],
    ),
  ]);
  const vs = ws.findings('file:///w/base/vs.yaml').filter((f) => f.severity === 'error');
  assert.deepEqual(
    vs.map((f) => f.rule),
    ['unknown-subset'],
  );
  assert.equal(VS.slice(vs[0].start, vs[0].end), 'v3', 'shown at the subset in the source file');
  assert.match(vs[0].message, /reviews\.team\.svc\.cluster\.local/, 'checked in the namespace the build applies it to');
  assert.doesNotMatch(vs[0].message, /assumes/);
  // The raw Deployment has no selector; the built one has, so there is no missing-field finding.
  assert.deepEqual(
    ws.findings('file:///w/base/deploy.yaml').filter((f) => f.rule === 'missing-field'),
    [],
  );
});

test('a finding that holds in some builds of a shared base says in which; one that holds in all is shown once', () => {
  const ws = svc.createWorkspace();
  ws.roots = ['file:///w/'];
  ws.setFile('file:///w/base/vs.yaml', VS);
  ws.setFile('file:///w/a/dr.yaml', DR(['v1', 'v3']));
  ws.setFile('file:///w/b/dr.yaml', DR(['v1', 'v2']));
  const vsObj = () => objectFrom('file:///w/base/vs.yaml', VS);
  ws.setRenderedBuilds([
    build(
      'helm:file:///w/a/',
      'file:///w/a/',
      ['file:///w/base/vs.yaml', 'file:///w/a/dr.yaml'],
      [vsObj(), objectFrom('file:///w/a/dr.yaml', DR(['v1', 'v3']))],
    ),
    build(
      'helm:file:///w/b/',
      'file:///w/b/',
      ['file:///w/base/vs.yaml', 'file:///w/b/dr.yaml'],
      [vsObj(), objectFrom('file:///w/b/dr.yaml', DR(['v1', 'v2']))],
    ),
  ]);
  const subset = ws.findings('file:///w/base/vs.yaml').filter((f) => f.rule === 'unknown-subset');
  assert.equal(subset.length, 1, subset.map((f) => f.message).join('\n'));
  assert.match(subset[0].message, /^in b with its default values: Subset v3/);
  // Both builds lack subset v9 (and say the same of it): one finding, no build named.
  const vs9 = VS.replace('subset: v3', 'subset: v9');
  ws.setFile('file:///w/base/vs.yaml', vs9);
  ws.setFile('file:///w/a/dr.yaml', DR(['v1', 'v2']));
  const obj9 = () => objectFrom('file:///w/base/vs.yaml', vs9);
  ws.setRenderedBuilds([
    build(
      'helm:file:///w/a/',
      'file:///w/a/',
      ['file:///w/base/vs.yaml', 'file:///w/a/dr.yaml'],
      [obj9(), objectFrom('file:///w/a/dr.yaml', DR(['v1', 'v2']))],
    ),
    build(
      'helm:file:///w/b/',
      'file:///w/b/',
      ['file:///w/base/vs.yaml', 'file:///w/b/dr.yaml'],
      [obj9(), objectFrom('file:///w/b/dr.yaml', DR(['v1', 'v2']))],
    ),
  ]);
  const again = ws.findings('file:///w/base/vs.yaml').filter((f) => f.rule === 'unknown-subset');
  assert.equal(again.length, 1);
  assert.match(again[0].message, /^Subset v9/);
  assert.equal(vs9.slice(again[0].start, again[0].end), 'v9');
});

test('a fix of a built finding edits the source file', () => {
  const ws = svc.createWorkspace();
  ws.roots = ['file:///w/'];
  const typo = VS.replace('subset: v3', 'subset: v22');
  ws.setFile('file:///w/base/vs.yaml', typo);
  ws.setFile('file:///w/base/dr.yaml', DR(['v1', 'v2']));
  ws.setRenderedBuilds([
    build(
      'helm:file:///w/base/',
      'file:///w/base/',
      ['file:///w/base/vs.yaml', 'file:///w/base/dr.yaml'],
      [objectFrom('file:///w/base/vs.yaml', typo), objectFrom('file:///w/base/dr.yaml', DR(['v1', 'v2']))],
    ),
  ]);
  const [f] = ws.findings('file:///w/base/vs.yaml').filter((x) => x.rule === 'unknown-subset');
  assert.ok(f, 'unknown-subset reported');
  const fixes = svc.fixesFor(ws, f.uri, f.id);
  const use = fixes.find((x) => /v2/.test(x.title));
  assert.ok(use, `a fix naming v2 among ${fixes.map((x) => x.title).join(' | ')}`);
  assert.deepEqual([...use.edits.keys()], ['file:///w/base/vs.yaml']);
  const [edit] = use.edits.get('file:///w/base/vs.yaml');
  assert.equal(typo.slice(edit.start, edit.end), 'v22');
  assert.equal(edit.newText, 'v2');
});

test('lookups of a file outside any build prefer its own folder over a same-named copy elsewhere', () => {
  const ws = svc.createWorkspace();
  // Two alternative examples, each with a Gateway named gw; only the second has an https listener.
  const gw = (port, name, protocol) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  gatewayClassName: istio
  listeners:
  - name: ${name}
    port: ${port}
    protocol: ${protocol}
`;
  const route = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: r
spec:
  parentRefs:
  - name: gw
    sectionName: https
  rules:
  - backendRefs:
    - name: web
      port: 80
`;
  ws.setFile('file:///w/examples/tls/gateway.yaml', gw(443, 'tls', 'TLS'));
  ws.setFile('file:///w/examples/https/gateway.yaml', gw(443, 'https', 'HTTPS'));
  ws.setFile('file:///w/examples/https/route.yaml', route);
  const errors = ws.findings('file:///w/examples/https/route.yaml').filter((f) => f.severity === 'error');
  assert.deepEqual(
    errors.map((f) => `${f.rule}: ${f.message}`),
    [],
  );
});

test('hover on a resource kind names the builds that apply it', () => {
  const ws = svc.createWorkspace();
  ws.roots = ['file:///w/'];
  ws.setFile('file:///w/base/vs.yaml', VS);
  ws.setRenderedBuilds([
    {
      ...build('helm:file:///w/charts/a/', 'file:///w/charts/a/', ['file:///w/base/vs.yaml'], [objectFrom('file:///w/base/vs.yaml', VS, withNs('team'))]),
      namespace: 'team',
    },
  ]);
  const h = svc.hover(ws, 'file:///w/base/vs.yaml', { line: 1, character: 8 });
  assert.ok(h, 'a hover');
  assert.match(h.contents.value, /chart `charts\/a with its default values`/);
  assert.match(h.contents.value, /namespace `team`/);
});
