// Per-resource re-analysis: after every edit, the findings of a workspace updated in place equal
// those of a workspace that reads the same texts afresh (nothing stale is reused, nothing moves).

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { generate } from '../bench/gen.mjs';
import { svc } from './helpers.mjs';

// Related locations are compared as a set: their order follows the order files were read in.
const order = (list) => list && [...list].sort((a, b) => a.uri.localeCompare(b.uri) || a.start - b.start);
const strip = (ds) =>
  ds.map(({ rule, severity, message, start, end, uri, related, data }) => ({ rule, severity, message, start, end, uri, related: order(related), data }));

function fresh(files) {
  const ws = svc.createWorkspace();
  ws.roots = ['file:///w'];
  for (const [u, t] of files) ws.setFile(u, t);
  return ws;
}

function same(ws, files, label) {
  const ref = fresh(files);
  for (const u of files.keys()) assert.deepEqual(strip(ws.diagnostics(u)), strip(ref.diagnostics(u)), `${label}: ${u}`);
}

// 60 resources: Services, Deployments, DestinationRules and VirtualServices that refer to each other.
const dir = mkdtempSync(join(tmpdir(), 'per-resource-'));
generate(dir, 60, 'single');
const base = readFileSync(join(dir, 'all.yaml'), 'utf8');
rmSync(dir, { recursive: true, force: true });
const docs = base.split('---\n');

test('edits within a multi-document file give the findings a fresh analysis gives', () => {
  const uri = 'file:///w/all.yaml';
  const other = 'file:///w/other.yaml';
  const files = new Map([
    [uri, base],
    // A second file that routes to hosts of the first: its findings depend on the first file's resources.
    [
      other,
      docs
        .filter((d) => d.includes('kind: VirtualService'))
        .slice(0, 3)
        .join('---\n')
        .replace(/name: svc-/g, 'name: other-svc-'),
    ],
  ]);
  const ws = fresh(files);
  for (const u of files.keys()) ws.diagnostics(u);
  const edits = [
    // Same length: a weight (shifts nothing).
    (t) => t.replace('weight: 80', 'weight: 81'),
    // A subset renamed: the VirtualService of the same host (another document) changes its findings.
    (t) => t.replace('- name: v2\n    labels:\n      version: v2', '- name: v7\n    labels:\n      version: v2'),
    // A line inserted near the top: every later document moves.
    (t) => t.replace('metadata:\n', 'metadata:\n  # moved\n'),
    // A Service removed: routes to its host lose their target.
    (t) => {
      const i = t.indexOf('kind: Service\n');
      const start = t.lastIndexOf('---\n', i);
      const end = t.indexOf('---\n', i);
      return t.slice(0, start) + t.slice(end);
    },
    // A duplicate of the first document appended (duplicate findings name the other copy's line).
    (t) => `${t}---\n${docs[0]}`,
    // Text above the duplicate grows: the line its finding names moves.
    (t) => `# header\n# more\n${t}`,
    // The subset renamed back, and a syntax error in one document.
    (t) => t.replace('- name: v7\n', '- name: v2\n').replace('kind: DestinationRule\n', 'kind: DestinationRule\n  bad: [\n'),
    // The syntax error fixed again.
    (t) => t.replace('kind: DestinationRule\n  bad: [\n', 'kind: DestinationRule\n'),
  ];
  let text = base;
  edits.forEach((edit, i) => {
    const next = edit(text);
    assert.notEqual(next, text, `edit ${i} changes the text`);
    text = next;
    files.set(uri, text);
    ws.setFile(uri, text);
    same(ws, files, `after edit ${i}`);
  });
  // An edit in the other file: the first file's resources that looked up its keys are checked again.
  const otherText = files.get(other).replace(/host: svc-1\b/g, 'host: svc-404');
  files.set(other, otherText);
  ws.setFile(other, otherText);
  same(ws, files, 'after the other file changed');
});

test('a workload edit re-analyses the files that select it, not every file that names a label it shares', () => {
  const app = (name, version) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: shop
spec:
  selector: {app: ${name}}
  ports: [{name: http, port: 80, targetPort: 8080}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ${name}
  namespace: shop
spec:
  host: ${name}
  subsets:
  - name: ${version}
    labels: {version: ${version}}
`;
  const deploy = (name, version, image) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}-${version}
  namespace: shop
spec:
  selector:
    matchLabels: {app: ${name}, version: ${version}}
  template:
    metadata:
      labels: {app: ${name}, version: ${version}}
    spec:
      containers:
      - name: main
        image: ${image}
        ports: [{containerPort: 8080}]
`;
  const files = new Map([
    ['file:///w/cart.yaml', app('cart', 'v2')],
    ['file:///w/cart-deploy.yaml', deploy('cart', 'v2', 'cart:1')],
    ['file:///w/pay.yaml', app('pay', 'v2')],
    ['file:///w/pay-deploy.yaml', deploy('pay', 'v2', 'pay:1')],
  ]);
  const ws = fresh(files);
  for (const u of files.keys()) ws.diagnostics(u);
  // pay's files look up workloads by app=pay and version=v2 (its Deployment's selector, its
  // subset); cart's pods carry version=v2 too, but cart's edit is not pay's business.
  let r = ws.setFile('file:///w/cart-deploy.yaml', deploy('cart', 'v2', 'cart:2'));
  files.set('file:///w/cart-deploy.yaml', deploy('cart', 'v2', 'cart:2'));
  for (const u of ['file:///w/pay.yaml', 'file:///w/pay-deploy.yaml']) assert.ok(!r.affected.includes(u), `affected: ${r.affected}`);
  assert.ok(r.affected.includes('file:///w/cart.yaml'), `affected: ${r.affected}`);
  same(ws, files, 'image edit');
  // A change that does matter to pay: its own workload loses the subset's label.
  r = ws.setFile('file:///w/pay-deploy.yaml', deploy('pay', 'v3', 'pay:1'));
  files.set('file:///w/pay-deploy.yaml', deploy('pay', 'v3', 'pay:1'));
  assert.ok(r.affected.includes('file:///w/pay.yaml'), `affected: ${r.affected}`);
  assert.ok(!r.affected.includes('file:///w/cart-deploy.yaml'), `affected: ${r.affected}`);
  assert.ok(ws.diagnostics('file:///w/pay.yaml').some((d) => d.rule === 'subset-no-workload'));
  same(ws, files, 'label edit');
});
