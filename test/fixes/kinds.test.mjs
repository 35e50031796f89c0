// Safe fixes and suggestions: every fix declares its kind, rules and docs say which is which,
// and the targeted fixes (gateways, subsets, weights, typos) behave as documented.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { root, svc, workspaceOf } from '../helpers.mjs';

const VS = 'file:///k/vs.yaml';
const at = (ws, uri, line, only) => svc.codeActions(ws, uri, { start: { line, character: 0 }, end: { line, character: 0 } }, svc.DEFAULT_SETTINGS, only);
const fixesOf = (ws, uri, rule) => {
  const all = ws.findings(uri);
  return all.filter((f) => f.rule === rule).flatMap((f) => svc.fixesFor(ws, f.uri, f.id));
};

test('every rule that offers fixes declares their kinds, and its docs page names them', () => {
  const withFixes = svc.RULES.filter((r) => r.fixes?.length);
  assert.ok(withFixes.length >= 8, `rules with fixes: ${withFixes.length}`);
  for (const r of withFixes) {
    const page = readFileSync(join(root, 'docs/rules', `${r.id}.md`), 'utf8');
    for (const f of r.fixes) {
      assert.ok(['safe', 'suggestion'].includes(f.kind), r.id);
      assert.ok(page.includes(`**${f.kind}**: ${f.title}`), `docs/rules/${r.id}.md must list "${f.title}" as ${f.kind}`);
    }
  }
});

test('fixes produced on the examples and seeds have a kind their rule declares', () => {
  const dirs = [join(root, 'examples'), join(root, 'test/fixtures/seeds')];
  let checked = 0;
  for (const dir of dirs) {
    const files = readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => join(dir, f));
    const ws = workspaceOf(files);
    for (const uri of ws.fileUris()) {
      const all = ws.findings(uri);
      for (const f of all) {
        for (const fix of svc.fixesFor(ws, f.uri, f.id)) {
          const rule = svc.ruleById(f.rule);
          assert.ok(
            rule.fixes?.some((d) => d.kind === fix.kind),
            `${f.rule}: fix "${fix.title}" of kind ${fix.kind} not declared`,
          );
          checked++;
        }
      }
    }
  }
  assert.ok(checked > 5, `fixes checked: ${checked}`);
});

test('unknown-gateway: no cross-namespace proposal by similarity, no default/ pinning', () => {
  const gwOther =
    'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: public-gateway\n  namespace: istio-system\nspec:\n  selector: {istio: ingressgateway}\n  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]\n';
  const vs =
    'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: web\nspec:\n  hosts: [web.example.com]\n  gateways: [public-gatway]\n  http:\n  - route:\n    - destination: {host: web}\n';
  let ws = workspaceOf({ 'vs.yaml': vs, 'gw.yaml': gwOther });
  const f = ws.findings('file:///ws/vs.yaml').find((x) => x.rule === 'unknown-gateway');
  assert.ok(f);
  assert.doesNotMatch(f.message, /default\//, 'a namespace-less reference is not shown as default/');
  assert.doesNotMatch(f.message, /did you mean/);
  assert.deepEqual(fixesOf(ws, 'file:///ws/vs.yaml', 'unknown-gateway'), []);
  // Same namespace (both without one): a suggestion that keeps the namespace-less form.
  const gwSame = gwOther.replace('  namespace: istio-system\n', '');
  ws = workspaceOf({ 'vs.yaml': vs, 'gw.yaml': gwSame });
  const fixes = fixesOf(ws, 'file:///ws/vs.yaml', 'unknown-gateway');
  assert.equal(fixes.length, 1);
  assert.equal(fixes[0].kind, 'suggestion');
  assert.equal(fixes[0].title, 'Change gateway to public-gateway');
  // An explicit namespace keeps its prefix.
  ws = workspaceOf({ 'vs.yaml': vs.replace('[public-gatway]', '[istio-system/public-gatway]'), 'gw.yaml': gwOther });
  assert.equal(fixesOf(ws, 'file:///ws/vs.yaml', 'unknown-gateway')[0].title, 'Change gateway to istio-system/public-gateway');
});

const weighted = (extraMeta = '', comment = '') => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
${extraMeta}spec:
  hosts: [reviews]
  http:
  - route:${comment}
    - destination: {host: reviews, subset: v1}
      weight: 70
    - destination: {host: reviews, subset: v2}
      weight: 40
`;

test('weights owned by an annotation, an owner reference or a comment: no weight fix, no canary step, the editor says who', () => {
  const cases = [
    ['annotation', weighted('  annotations:\n    mesh-lsp.dev/weights-managed-by: release-pipeline\n'), /release-pipeline/],
    ['managed-by flagger', weighted('  annotations:\n    app.kubernetes.io/managed-by: flagger\n'), /flagger/],
    [
      'owner reference',
      weighted('  ownerReferences:\n  - apiVersion: flagger.app/v1beta1\n    kind: Canary\n    name: reviews\n    uid: 1\n'),
      /Canary reviews/,
    ],
    ['comment', weighted('', '  # weights managed by Argo Rollouts'), /Argo Rollouts/],
  ];
  for (const [what, text, owner] of cases) {
    const ws = svc.createWorkspace();
    ws.setFile(VS, text);
    assert.deepEqual(fixesOf(ws, VS, 'weights-not-100'), [], what);
    const info = ws.findings(VS).find((f) => f.rule === 'managed-by-controller');
    assert.ok(info, `${what}: managed-by-controller names the owner`);
    assert.match(info.message, owner);
    const actions = at(
      ws,
      VS,
      text.split('\n').findIndex((l) => l.includes('weight: 70')),
    );
    assert.ok(!actions.some((a) => !a.disabled && /canary|weights/i.test(a.title)), `${what}: ${actions.map((a) => a.title)}`);
    assert.ok(
      actions.some((a) => a.disabled && owner.test(a.disabled)),
      `${what}: a disabled action names the owner`,
    );
    const vs = ws.getFile(VS).resources[0];
    const r = svc.applyStep(ws, vs, vs.view.vs.http[0], { step: 'advance' }, { ladder: [5, 10, 50, 100] });
    assert.match(r.error, owner);
  }
  // Without an owner the normalize fix is there, as a suggestion.
  const ws = svc.createWorkspace();
  ws.setFile(VS, weighted());
  assert.deepEqual(
    fixesOf(ws, VS, 'weights-not-100').map((f) => f.kind),
    ['suggestion'],
  );
});

test('typos: one finding each, with a safe rename; no cascade of missing routes', () => {
  const text =
    'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetdata:\n  name: reviews\nspce:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n';
  const ws = svc.createWorkspace();
  ws.setFile(VS, text);
  const findings = ws.findings(VS).filter((f) => f.severity === 'error');
  assert.deepEqual(
    findings.map((f) => f.rule),
    ['unknown-field', 'unknown-field'],
    findings.map((f) => f.message).join('\n'),
  );
  const fixes = fixesOf(ws, VS, 'unknown-field');
  assert.deepEqual(
    fixes.map((f) => [f.title, f.kind]),
    [
      ['Rename metdata to metadata', 'safe'],
      ['Rename spce to spec', 'safe'],
    ],
  );
  // In a route: `htpp` → `http`, and no route-without-destination beside it.
  ws.setFile(VS, text.replace('metdata', 'metadata').replace('spce', 'spec').replace('  http:', '  htpp:'));
  assert.deepEqual(
    ws
      .findings(VS)
      .filter((f) => f.severity === 'error')
      .map((f) => f.rule),
    ['unknown-field'],
  );
  // A misspelt subset `labels` is one finding, not also subset-no-labels.
  ws.setFile(
    VS,
    'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: r}\nspec:\n  host: r\n  subsets:\n  - name: v1\n    lables: {version: v1}\n',
  );
  assert.deepEqual(
    ws
      .findings(VS)
      .filter((f) => f.rule !== 'unknown-host')
      .map((f) => f.rule),
    ['unknown-field'],
  );
  assert.equal(fixesOf(ws, VS, 'unknown-field')[0].title, 'Rename lables to labels');
  // Not safe when the value does not fit the key (`percent: 100` is not a `percentage`).
  ws.setFile(
    VS,
    'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: r}\nspec:\n  hosts: [r]\n  http:\n  - fault:\n      abort:\n        percnt: 100\n        httpStatus: 500\n    route:\n    - destination: {host: r}\n',
  );
  assert.ok(fixesOf(ws, VS, 'unknown-field').every((f) => f.kind !== 'safe' || !/percentage/.test(f.title)));
});

test('unknown-subset: existing subsets closest first, then "add subset", before any canary step', () => {
  const dr =
    'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: r}\nspec:\n  host: r\n  subsets:\n  - name: v1\n    labels: {version: v1}\n  - name: canary\n    labels: {version: v9}\n  - name: stable\n    labels: {version: v2}\n';
  const svcText =
    'apiVersion: v1\nkind: Service\nmetadata: {name: r}\nspec:\n  selector: {app: r}\n  ports: [{name: http, port: 80}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: r-v3}\nspec:\n  selector: {matchLabels: {app: r, version: stabel}}\n  template:\n    metadata: {labels: {app: r, version: stabel}}\n    spec: {containers: [{name: r, image: r}]}\n';
  const vs =
    'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: r}\nspec:\n  hosts: [r]\n  http:\n  - route:\n    - destination: {host: r, subset: stabel}\n';
  const ws = workspaceOf({ 'vs.yaml': vs, 'dr.yaml': dr, 'svc.yaml': svcText });
  const actions = at(ws, 'file:///ws/vs.yaml', 7);
  const titles = actions.map((a) => a.title);
  const use = titles.filter((t) => t.startsWith('Use existing subset'));
  assert.deepEqual(use.slice(0, 1), ['Use existing subset stable'], titles.join(' | '));
  const add = titles.findIndex((t) => t.startsWith('Add subset stabel to DestinationRule r'));
  assert.ok(add > titles.indexOf(use[use.length - 1]), titles.join(' | '));
  const firstCanary = actions.findIndex((a) => a.kind === 'refactor.rewrite');
  if (firstCanary !== -1) assert.ok(add < firstCanary);
});

test('canary steps keep comments beside and after the subset and weight lines with their line', () => {
  const text = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - route:
    - destination:
        host: reviews
        subset: v1   # stable
      weight: 90     # most traffic
      # v1 goes away after the rollout
    - destination:
        host: reviews
        subset: v2 # canary
      weight: 10 # first step
    # end of the route
`;
  const ws = svc.createWorkspace();
  ws.setFile(VS, text);
  const vs = ws.getFile(VS).resources[0];
  const route = vs.view.vs.http[0];
  const apply = (step) => {
    const r = svc.applyStep(ws, vs, route, step, { ladder: [10, 20, 50, 100] });
    assert.ok(!r.error, r.error);
    return svc.applyOffsetEdits(text, r.edits.get(VS));
  };
  assert.equal(apply({ step: 'advance' }), text.replace('weight: 90     #', 'weight: 80     #').replace('weight: 10 #', 'weight: 20 #'));
  assert.equal(apply({ step: 'set', weight: 50 }), text.replace('weight: 90     #', 'weight: 50     #').replace('weight: 10 #', 'weight: 50 #'));
  const promoted = apply({ step: 'promote' });
  assert.match(promoted, /weight: 0 {5}# most traffic\n/);
  // Retire after promoting: v1's lines go, their comments stay where they were.
  ws.setFile(VS, promoted);
  const vs2 = ws.getFile(VS).resources[0];
  const r = svc.applyStep(ws, vs2, vs2.view.vs.http[0], { step: 'retire' }, { ladder: [10] });
  const retired = svc.applyOffsetEdits(promoted, r.edits.get(VS));
  assert.doesNotMatch(retired, /subset: v1/);
  for (const c of ['# stable', '# most traffic', '# v1 goes away after the rollout', '# canary', '# first step', '# end of the route'])
    assert.ok(retired.includes(c), c);
  assert.match(retired, /subset: v2 # canary\n {6}weight: 100 # first step\n/);
});
