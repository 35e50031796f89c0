// Golden tests per action: input text, action, expected output, byte for byte
// (comments, quoting, 4-space indentation and indented sequences preserved).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { svc } from '../helpers.mjs';

function run(files, uri, line, titlePrefix, only) {
  const ws = svc.createWorkspace();
  for (const [u, t] of Object.entries(files)) ws.setFile(u, t);
  const actions = svc.codeActions(ws, uri, { start: { line, character: 0 }, end: { line, character: 0 } }, svc.DEFAULT_SETTINGS, only);
  const a = actions.find((x) => x.title.startsWith(titlePrefix));
  assert.ok(a, `no "${titlePrefix}" in: ${actions.map((x) => x.title).join(' | ')}`);
  const out = {};
  for (const [u, edits] of Object.entries(a.edit.changes)) out[u] = svc.applyTextEdits(ws.getFile(u), edits);
  return { action: a, out };
}

const VS = 'file:///g/vs.yaml';
const DR = 'file:///g/dr.yaml';

// 4-space indentation, indented sequences, comments everywhere, quoted values.
const vs4 = `# checkout routing (owned by team shop)
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
    name: checkout   # keep in sync with the DR
spec:
    hosts:
        - "checkout"
    http:
        - route:
              # stable
              - destination:
                    host: "checkout"
                    subset: v1
                weight: 70
              # canary
              - destination:
                    host: "checkout"
                    subset: 'v2'
                weight: 40
`;

test('normalize weights (largest remainder), 4-space file with comments', () => {
  const { action, out } = run({ [VS]: vs4 }, VS, 9, 'Normalize weights to 100');
  assert.equal(action.kind, 'quickfix');
  // Renormalising picks new weights: a suggestion, never preferred (editors auto-apply preferred fixes).
  assert.equal(action.fixKind, 'suggestion');
  assert.equal(action.isPreferred, undefined);
  assert.equal(out[VS], vs4.replace('weight: 70', 'weight: 64').replace('weight: 40', 'weight: 36'));
});

test('advance along the ladder, set, promote, roll back (4-space file)', () => {
  const a = run({ [VS]: vs4 }, VS, 10, 'Advance canary: v2 40% → 50%', ['refactor.rewrite']);
  assert.equal(a.out[VS], vs4.replace('weight: 70', 'weight: 50').replace('weight: 40', 'weight: 50'));
  const p = run({ [VS]: vs4 }, VS, 10, 'Promote canary');
  assert.equal(p.out[VS], vs4.replace('weight: 70', 'weight: 0').replace('weight: 40', 'weight: 100'));
  const r = run({ [VS]: vs4 }, VS, 10, 'Roll back canary');
  assert.equal(r.out[VS], vs4.replace('weight: 70', 'weight: 100').replace('weight: 40', 'weight: 0'));
  const s = run({ [VS]: vs4 }, VS, 10, 'Set canary v2 to 10%');
  assert.equal(s.out[VS], vs4.replace('weight: 70', 'weight: 90').replace('weight: 40', 'weight: 10'));
});

test("advance with three destinations keeps the others' ratios", () => {
  const three = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: r
spec:
  hosts: [r]
  http:
  - route:
    - destination: {host: r, subset: v1}
      weight: 60
    - destination: {host: r, subset: v2}
      weight: 30
    - destination: {host: r, subset: v3}
      weight: 10
`;
  const { out } = run({ [VS]: three }, VS, 8, 'Advance canary: v3 10% → 20%');
  assert.equal(out[VS], three.replace('weight: 60', 'weight: 53').replace('weight: 30', 'weight: 27').replace('weight: 10', 'weight: 20'));
});

test('misnested destination: indent (seed 001 shape) and the reverse, weight inside destination', () => {
  const out1 = `apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
      host: reviews   # the service
      subset: v1
      weight: 50
    - destination:
        host: reviews
        weight: 50
        subset: v2
`;
  let r = run({ [VS]: out1 }, VS, 10, 'Indent host, subset under destination');
  assert.equal(
    r.out[VS],
    out1.replace('      host: reviews   # the service\n      subset: v1\n', '        host: reviews   # the service\n        subset: v1\n'),
  );
  r = run({ [VS]: out1 }, VS, 15, 'Move weight out of destination');
  assert.equal(r.out[VS], out1.replace('        weight: 50\n        subset: v2\n', '        subset: v2\n      weight: 50\n'));
});

test('pasted non-breaking spaces: this line, or the whole file', () => {
  const nb = '\u00a0';
  const text = `apiVersion:${nb}v1\nkind: Service\nmetadata:\n${nb}${nb}name: s\n`;
  let r = run({ [VS]: text }, VS, 3, 'Replace pasted non-breaking spaces and tabs on this line');
  assert.equal(r.out[VS], `apiVersion:${nb}v1\nkind: Service\nmetadata:\n  name: s\n`);
  r = run({ [VS]: text }, VS, 3, 'Replace pasted non-breaking spaces and tabs in the whole file');
  assert.equal(r.out[VS], 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n');
});

test('missing weight gets the remainder; unknown gateway gets the closest name', () => {
  const text = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: r
spec:
  hosts: [r]
  gateways: [pubic]
  http:
  - route:
    - destination: {host: r, subset: v1}
      weight: 90
    - destination: {host: r, subset: v2}
`;
  const gw =
    'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: public\nspec:\n  selector: {istio: ingressgateway}\n  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]\n';
  let r = run({ [VS]: text }, VS, 11, 'Give v2 an explicit weight: 10');
  assert.equal(r.out[VS], `${text}      weight: 10\n`);
  r = run({ [VS]: text, 'file:///g/gw.yaml': gw }, VS, 6, 'Change gateway to public');
  assert.equal(r.out[VS], text.replace('[pubic]', '[public]'));
});

test('unknown subset: closest name, or create it in the DestinationRule of another file', () => {
  const svcText = `apiVersion: v1
kind: Service
metadata: {name: r}
spec:
  selector: {app: r}
  ports: [{name: http, port: 80}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: r-v3}
spec:
  selector: {matchLabels: {app: r, version: v3}}
  template:
    metadata:
      labels: {app: r, version: v3}
    spec: {containers: [{name: r, image: r}]}
`;
  const dr = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: r
spec:
  host: r
  subsets:
  # the stable version
  - name: stable
    labels:
      version: v1
`;
  const vs = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: r
spec:
  hosts: [r]
  http:
  - route:
    - destination: {host: r, subset: stabel}
      weight: 90
    - destination: {host: r, subset: v3}
      weight: 10
`;
  const files = { [VS]: vs, [DR]: dr, 'file:///g/svc.yaml': svcText };
  let r = run(files, VS, 8, 'Use existing subset stable');
  assert.equal(r.action.fixKind, 'suggestion');
  assert.equal(r.out[VS], vs.replace('subset: stabel', 'subset: stable'));
  r = run(files, VS, 10, 'Add subset v3 to DestinationRule r');
  assert.deepEqual(Object.keys(r.out), [DR]);
  assert.equal(r.out[DR], `${dr}  - name: v3\n    labels:\n      version: v3\n`);
});

test("header and cookie canary routes are inserted before the route, in the file's style", () => {
  const text = `apiVersion: networking.istio.io/v1
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
        subset: v1
      weight: 90
    - destination:
        host: reviews
        subset: v2
      weight: 10
`;
  let r = run({ [VS]: text }, VS, 9, 'Add canary route: cookie canary=true → v2');
  assert.equal(
    r.out[VS],
    text.replace(
      '  http:\n',
      '  http:\n  - match:\n    - headers:\n        cookie:\n          regex: ".*canary=true.*"\n    route:\n    - destination:\n        host: reviews\n        subset: v2\n',
    ),
  );
  r = run({ [VS]: text }, VS, 9, 'Add canary route: header end-user: canary-tester → v2');
  assert.match(r.out[VS], / {2}- match:\n {4}- headers:\n {8}end-user:\n {10}exact: canary-tester\n {4}route:\n/);
});

test('no weight edits on a VirtualService managed by an Argo Rollout', () => {
  const rollout = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: reviews}
spec:
  selector: {matchLabels: {app: reviews}}
  template:
    metadata: {labels: {app: reviews}}
    spec: {containers: [{name: r, image: r}]}
  strategy:
    canary:
      trafficRouting:
        istio:
          virtualService:
            name: reviews
            routes: [primary]
`;
  const ws = svc.createWorkspace();
  ws.setFile(VS, vs4.replace('name: checkout   #', 'name: reviews   #'));
  ws.setFile('file:///g/rollout.yaml', rollout);
  const actions = svc.codeActions(ws, VS, { start: { line: 10, character: 0 }, end: { line: 10, character: 0 } }, svc.DEFAULT_SETTINGS);
  assert.ok(!actions.some((a) => /canary|weights/i.test(a.title) && a.kind === 'refactor.rewrite' && !a.disabled), actions.map((a) => a.title).join());
  assert.ok(!actions.some((a) => a.title.startsWith('Normalize weights')));
  // The editor says who owns the weights (a disabled action with the reason).
  const owned = actions.find((a) => a.disabled && a.kind === 'refactor.rewrite');
  assert.match(owned.disabled, /managed by Rollout default\/reviews/);
  assert.deepEqual(owned.edit.changes, {});
  const info = ws.diagnostics(VS).find((d) => d.rule === 'managed-by-controller');
  assert.ok(info, 'info finding naming the controller');
  assert.match(info.message, /Rollout reviews/);
});
