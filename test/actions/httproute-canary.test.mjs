// Canary steps on Gateway API HTTPRoute backendRefs: minimal edits that keep comments, and the controller guard.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { svc, workspaceOf } from '../helpers.mjs';

const services = ['reviews-v1', 'reviews-v2']
  .map(
    (n) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${n}\n  namespace: shop\nspec:\n  selector: {app: ${n}}\n  ports: [{name: http, port: 9080}]\n`,
  )
  .join('---\n');
const route = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: reviews
  namespace: shop
spec:
  parentRefs:
  - name: gw
  rules:
  # the public route
  - backendRefs:
    - name: reviews-v1   # stable
      port: 9080
`;
const uri = 'file:///ws/route.yaml';
const ladder = [5, 10, 20, 50, 100];

function step(text, s, opts = {}) {
  const ws = workspaceOf({ 'route.yaml': text, 'svc.yaml': services });
  const res = ws.getFile(uri).resources[0];
  const rule = svc.routeView(res).rules[0];
  const r = svc.applyHttpRouteStep(ws, res, rule, s, { ladder, ...opts });
  if ('error' in r) return r;
  return { ...r, text: svc.editedTexts(ws, r.edits)?.get(uri) };
}

test('start, advance, promote, retire on an HTTPRoute rule, comments kept', () => {
  const started = step(route, { step: 'start' });
  assert.equal(started.title, 'Start canary: reviews-v2 at 5% (reviews-v1 95%)');
  assert.equal(
    started.text,
    route.replace('      port: 9080\n', '      port: 9080\n      weight: 95\n    - name: reviews-v2\n      port: 9080\n      weight: 5\n'),
  );
  const advanced = step(started.text, { step: 'advance' });
  assert.equal(advanced.title, 'Advance canary: reviews-v2 5% → 10%');
  assert.match(advanced.text, /weight: 90\n {4}- name: reviews-v2\n {6}port: 9080\n {6}weight: 10\n/);
  const promoted = step(advanced.text, { step: 'promote' });
  assert.match(promoted.text, /# stable\n {6}port: 9080\n {6}weight: 0\n/);
  // Retiring would delete the line that carries the comment "# stable": the edit is refused, never applied.
  const refused = step(promoted.text, { step: 'retire' });
  assert.equal(refused.title, 'Retire reviews-v1');
  assert.equal(refused.text, undefined);
  const retired = step(promoted.text.replace('   # stable', ''), { step: 'retire' });
  assert.equal(
    retired.text,
    route.replace('    - name: reviews-v1   # stable\n      port: 9080\n', '    - name: reviews-v2\n      port: 9080\n      weight: 100\n'),
  );
  assert.match(step(route, { step: 'advance' }).error, /single backend: start a canary first/);
});

test('flow-style backendRefs, default weights, and the rollback', () => {
  const flow = route.replace(
    '    - name: reviews-v1   # stable\n      port: 9080\n',
    '    - {name: reviews-v1, port: 9080}\n    - {name: reviews-v2, port: 9080}\n',
  );
  // Both default to weight 1: the canary (highest version) is at 50%.
  const r = step(flow, { step: 'advance' });
  assert.equal(r.title, 'Advance canary: reviews-v2 50% → 100%');
  assert.match(r.text, /\{name: reviews-v1, port: 9080, weight: 0\}\n {4}- \{name: reviews-v2, port: 9080, weight: 100\}/);
  const back = step(flow, { step: 'rollback' });
  assert.match(back.text, /\{name: reviews-v1, port: 9080, weight: 100\}\n {4}- \{name: reviews-v2, port: 9080, weight: 0\}/);
  const started = step(route.replace('    - name: reviews-v1   # stable\n      port: 9080\n', '    - {name: reviews-v1, port: 9080}\n'), { step: 'start' });
  assert.match(started.text, /- \{name: reviews-v1, port: 9080, weight: 95\}\n {4}- \{name: reviews-v2, port: 9080, weight: 5\}\n/);
});

test('an HTTPRoute managed by Argo Rollouts (Gateway API plugin) or Flagger is left alone', () => {
  const rollout = `apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: reviews\n  namespace: shop\nspec:\n  strategy:\n    canary:\n      trafficRouting:\n        plugins:\n          argoproj-labs/gatewayAPI:\n            httpRoute: reviews\n            namespace: shop\n`;
  const ws = workspaceOf({ 'route.yaml': route, 'svc.yaml': services, 'rollout.yaml': rollout });
  const res = ws.getFile(uri).resources[0];
  const r = svc.applyHttpRouteStep(ws, res, svc.routeView(res).rules[0], { step: 'start' }, { ladder });
  assert.match(r.error, /is managed by Rollout shop\/reviews/);
  const actions = svc.codeActions(ws, uri, { start: { line: 11, character: 4 }, end: { line: 11, character: 4 } }, svc.resolveSettings({}), [
    'refactor.rewrite',
  ]);
  assert.deepEqual(actions, []);
  const free = workspaceOf({ 'route.yaml': route, 'svc.yaml': services });
  const titles = svc
    .codeActions(free, uri, { start: { line: 11, character: 4 }, end: { line: 11, character: 4 } }, svc.resolveSettings({}), ['refactor.rewrite'])
    .map((a) => a.title);
  assert.deepEqual(titles, ['Start canary: reviews-v2 at 5% (reviews-v1 95%)']);
});

test('meshlint canary --http-route: a step from a pipeline, in place', async () => {
  const { spawnSync } = await import('node:child_process');
  const { mkdtempSync, writeFileSync, readFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { root } = await import('../helpers.mjs');
  const dir = mkdtempSync(join(tmpdir(), 'meshlint-hr-'));
  writeFileSync(join(dir, 'route.yaml'), route);
  writeFileSync(join(dir, 'svc.yaml'), services);
  const run = (...args) =>
    spawnSync(process.execPath, [join(root, 'bin/meshlint.js'), 'canary', dir, '--http-route', 'reviews', ...args], { encoding: 'utf8' });
  let r = run('--start');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Start canary: reviews-v2 at 5% \(reviews-v1 95%\) \(HTTPRoute shop\/reviews;/);
  r = run('--set', '20');
  assert.equal(r.status, 0, r.stderr);
  assert.match(
    readFileSync(join(dir, 'route.yaml'), 'utf8'),
    /# stable\n {6}port: 9080\n {6}weight: 80\n {4}- name: reviews-v2\n {6}port: 9080\n {6}weight: 20\n/,
  );
  r = run('--advance', '--route', '7');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /has no rule "7"/);
});
