// The effective split of a route, case by case (query/weights.ts): what Istio applies to a
// VirtualService route's destinations and what the Gateway API applies to a rule's backendRefs,
// and who owns a route's weights. Every surface (rules, hover, lens, canary steps, simulation)
// reads the split from there, so these cases are the semantics of all of them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { svc, workspaceOf } from '../helpers.mjs';

/** The first HTTP route of a VirtualService whose route entries are `entries` (YAML lines under `route:`). */
function vsRoute(entries, name = 'reviews') {
  const text = `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  hosts: [reviews]\n  http:\n  - route:\n${entries.map((l) => `    ${l}`).join('\n')}\n`;
  const ws = workspaceOf({ 'vs.yaml': text });
  const res = ws.getFile('file:///ws/vs.yaml').resources[0];
  return { ws, res, route: res.view.vs.http[0] };
}

const dest = (subset, weight) => [`- destination: {host: reviews, subset: ${subset}}`, ...(weight === undefined ? [] : [`  weight: ${weight}`])];

/** Label and percent of every target. */
const shares = (split) => split.targets.map((t) => `${t.label} ${t.percent}`);

/** The first rule of an HTTPRoute whose backendRefs are `refs` (flow maps). */
function httpRule(refs) {
  const text = `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: reviews\n  namespace: shop\nspec:\n  parentRefs: [{name: gw}]\n  rules:\n  - backendRefs:\n${refs.map((r) => `    - ${r}`).join('\n')}\n`;
  const ws = workspaceOf({ 'route.yaml': text });
  const res = ws.getFile('file:///ws/route.yaml').resources[0];
  return svc.routeView(res).rules[0];
}

test('VirtualService: a lone destination gets every request, whatever its weight', () => {
  for (const w of [30, 0, undefined, 100]) {
    const split = svc.destinationSplit(vsRoute(dest('v1', w)).route);
    assert.deepEqual(shares(split), ['v1 100%'], `weight ${w}`);
    assert.equal(split.sendsNothing, false);
  }
  // The weight as written stays visible (single-destination-weight reports a misleading one).
  assert.equal(svc.destinationSplit(vsRoute(dest('v1', 30)).route).targets[0].written, 30);
});

test('VirtualService: two destinations 70/30 split 70%/30%; weights are relative', () => {
  assert.deepEqual(shares(svc.destinationSplit(vsRoute([...dest('v1', 70), ...dest('v2', 30)]).route)), ['v1 70%', 'v2 30%']);
  const split = svc.destinationSplit(vsRoute([...dest('v1', 90), ...dest('v2', 20)]).route);
  assert.deepEqual(shares(split), ['v1 81.8%', 'v2 18.2%']);
  assert.equal(split.writtenTotal, 110);
  assert.equal(svc.splitSummary(split), 'v1 81.8% · v2 18.2%');
});

test('VirtualService: a missing weight among several destinations counts as 0', () => {
  const split = svc.destinationSplit(vsRoute([...dest('v1', 70), ...dest('v2')]).route);
  assert.deepEqual(shares(split), ['v1 100%', 'v2 0%']);
  assert.deepEqual(
    split.targets.map((t) => [t.present, t.written, t.weight]),
    [
      [true, 70, 70],
      [false, undefined, 0],
    ],
  );
});

test('VirtualService: every weight missing, or a zero total, sends nothing anywhere', () => {
  for (const entries of [
    [...dest('v1'), ...dest('v2')],
    [...dest('v1', 0), ...dest('v2', 0)],
  ]) {
    const split = svc.destinationSplit(vsRoute(entries).route);
    assert.equal(split.sendsNothing, true);
    assert.equal(split.total, 0);
    assert.deepEqual(shares(split), ['v1 0%', 'v2 0%']);
  }
});

test('VirtualService: a negative weight counts as 0 (validation rejects it); the written total keeps it', () => {
  const split = svc.destinationSplit(vsRoute([...dest('v1', -10), ...dest('v2', 50)]).route);
  assert.deepEqual(shares(split), ['v1 0%', 'v2 100%']);
  assert.equal(split.targets[0].written, -10);
  assert.equal(split.writtenTotal, 40);
  assert.equal(split.total, 50);
});

test('VirtualService: a weight that is not a number counts as 0 and marks the split not numeric', () => {
  const split = svc.destinationSplit(vsRoute([...dest('v1', 'abc'), ...dest('v2', 50)]).route);
  assert.equal(split.numeric, false);
  assert.deepEqual(shares(split), ['v1 0%', 'v2 100%']);
  assert.equal(split.targets[0].present, true);
  assert.equal(split.targets[0].written, undefined);
});

test('Gateway API: a backendRef without weight counts as 1', () => {
  assert.deepEqual(shares(svc.backendSplit(httpRule(['{name: a, port: 80}', '{name: b, port: 80}']))), ['a 50%', 'b 50%']);
  assert.deepEqual(shares(svc.backendSplit(httpRule(['{name: a, port: 80, weight: 3}', '{name: b, port: 80}']))), ['a 75%', 'b 25%']);
  assert.deepEqual(shares(svc.backendSplit(httpRule(['{name: a, port: 80}']))), ['a 100%']);
});

test('Gateway API: weight 0 gets nothing, even for the only backend; all 0 sends nothing (HTTP 500)', () => {
  const lone = svc.backendSplit(httpRule(['{name: a, port: 80, weight: 0}']));
  assert.equal(lone.sendsNothing, true);
  assert.deepEqual(shares(lone), ['a 0%']);
  assert.deepEqual(shares(svc.backendSplit(httpRule(['{name: a, port: 80, weight: 0}', '{name: b, port: 80}']))), ['a 0%', 'b 100%']);
  assert.equal(svc.backendSplit(httpRule(['{name: a, port: 80, weight: 0}', '{name: b, port: 80, weight: 0}'])).sendsNothing, true);
  // A backendRef without a name is named by its position.
  assert.deepEqual(shares(svc.backendSplit(httpRule(['{port: 80}', '{name: b, port: 80}']))), ['backend 1 50%', 'b 50%']);
});

test('whole percentages for canary steps and fixes total exactly 100', () => {
  const split = svc.destinationSplit(vsRoute([...dest('v1', 1), ...dest('v2', 1), ...dest('v3', 1)]).route);
  assert.deepEqual(svc.largestRemainder([1, 1, 1], 100), [34, 33, 33]);
  assert.deepEqual(
    split.targets.map((t) => t.percent),
    ['33.3%', '33.3%', '33.3%'],
  );
});

test('routeLabel: the place of a route, and its quoted name when it has one', () => {
  assert.equal(svc.routeLabel(vsRoute(dest('v1')).route), 'http[0]');
  const text = `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\nspec:\n  hosts: [r]\n  tcp:\n  - route:\n    - destination: {host: r}\n  http:\n  - name: canary\n    route:\n    - destination: {host: r}\n`;
  const res = workspaceOf({ 'r.yaml': text }).getFile('file:///ws/r.yaml').resources[0];
  assert.equal(svc.routeLabel(res.view.vs.http[0]), 'http[0] "canary"');
  assert.equal(svc.routeLabel(res.view.vs.tcp[0]), 'tcp[0]');
  assert.equal(svc.routeLabel(httpRule(['{name: a, port: 80}'])), 'rules[0]');
});

const vsText = (meta = '', comment = '') =>
  `${comment}apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\n  namespace: shop\n${meta}spec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews, subset: v1}\n`;
const ownerOf = (files, uri) => {
  const ws = workspaceOf(files);
  return svc.weightOwner(ws, ws.getFile(uri).resources[0])?.owner;
};

test('owner of a VirtualService: Argo Rollout, Flagger Canary, annotation, label, comment; none otherwise', () => {
  const vs = 'file:///ws/vs.yaml';
  const rollout = `apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: reviews\n  namespace: shop\nspec:\n  strategy:\n    canary:\n      trafficRouting:\n        istio:\n          virtualService:\n            name: reviews\n`;
  assert.equal(ownerOf({ 'vs.yaml': vsText(), 'rollout.yaml': rollout }, vs), 'Rollout shop/reviews');
  const canary = `apiVersion: flagger.app/v1beta1\nkind: Canary\nmetadata:\n  name: reviews\n  namespace: shop\nspec:\n  targetRef: {kind: Deployment, name: reviews}\n`;
  assert.equal(ownerOf({ 'vs.yaml': vsText(), 'canary.yaml': canary }, vs), 'Canary shop/reviews');
  assert.equal(
    ownerOf({ 'vs.yaml': vsText('  annotations:\n    mesh-lsp.dev/weights-managed-by: deploy pipeline\n') }, vs),
    'deploy pipeline (annotation mesh-lsp.dev/weights-managed-by)',
  );
  assert.equal(ownerOf({ 'vs.yaml': vsText('  labels:\n    app.kubernetes.io/managed-by: flagger\n') }, vs), 'flagger (label app.kubernetes.io/managed-by)');
  assert.equal(ownerOf({ 'vs.yaml': vsText('', '# weights managed by flagger\n') }, vs), 'flagger (comment)');
  // Argo CD applies manifests but does not set weights.
  assert.equal(ownerOf({ 'vs.yaml': vsText('  labels:\n    app.kubernetes.io/managed-by: argocd\n') }, vs), undefined);
  assert.equal(ownerOf({ 'vs.yaml': vsText() }, vs), undefined);
});

test('owner of an HTTPRoute: a Rollout with the Gateway API plugin, or a Flagger Canary (one definition for both kinds)', () => {
  const route = `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: reviews\n  namespace: shop\nspec:\n  rules:\n  - backendRefs:\n    - {name: reviews-v1, port: 80}\n`;
  const uri = 'file:///ws/route.yaml';
  const rollout = `apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: reviews\n  namespace: shop\nspec:\n  strategy:\n    canary:\n      trafficRouting:\n        plugins:\n          argoproj-labs/gatewayAPI:\n            httpRoute: reviews\n`;
  assert.equal(ownerOf({ 'route.yaml': route, 'rollout.yaml': rollout }, uri), 'Rollout shop/reviews');
  const canary = `apiVersion: flagger.app/v1beta1\nkind: Canary\nmetadata:\n  name: c\n  namespace: shop\nspec:\n  service: {name: reviews}\n  targetRef: {kind: Deployment, name: reviews-v1}\n`;
  assert.equal(ownerOf({ 'route.yaml': route, 'canary.yaml': canary }, uri), 'Canary shop/c');
  // A Rollout of another namespace does not manage it.
  assert.equal(ownerOf({ 'route.yaml': route, 'rollout.yaml': rollout.replace('namespace: shop', 'namespace: other') }, uri), undefined);
  assert.equal(ownerOf({ 'route.yaml': route }, uri), undefined);
});
