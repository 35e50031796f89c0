// Field accuracy, class by class, on realistic fixtures modelled on real repositories
// (test/fixtures/accuracy; see docs/accuracy.md for the model they exercise).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { allFindings, byRule, fixtures, root, svc, workspaceOf } from './helpers.mjs';

const dir = join(fixtures, 'accuracy');
function filesUnder(d) {
  const out = [];
  for (const e of readdirSync(d).sort()) {
    const p = join(d, e);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else if (/\.ya?ml$/.test(e)) out.push(p);
  }
  return out;
}
const lint = (sub, settings) => allFindings(workspaceOf(filesUnder(join(dir, sub)), settings));
const atLeast = (findings, sev) =>
  findings.filter((f) => ['error', 'warning', 'info', 'hint'].indexOf(f.severity) <= ['error', 'warning', 'info', 'hint'].indexOf(sev));
const cli = (args) => spawnSync(process.execPath, [join(root, 'bin/meshlint.js'), ...args], { cwd: dir, encoding: 'utf8' });

test('YAML as Go reads it: under-indented quoted continuations parse; NBSP in text is text; NBSP in indentation is reported', () => {
  const f = lint('yaml');
  const crd = f.filter((x) => x.file === 'crd-bundle.yaml');
  assert.deepEqual(crd, [], JSON.stringify(crd.map((x) => x.message)));
  const ws = workspaceOf(filesUnder(join(dir, 'yaml')));
  const cm = [...ws.allResources()].find((r) => r.kind === 'ConfigMap');
  assert.equal(cm.annotations.note, 'keep\u00a0the\u00a0spacing');
  const pasted = byRule(f, 'pasted-whitespace');
  assert.deepEqual(
    pasted.map((x) => `${x.file}:${x.line}`),
    ['pasted-indentation.yaml:4', 'pasted-indentation.yaml:6'],
  );
});

test('Kustomize: patches are fragments, the same base in two overlays is one object per build, a build namespace applies', () => {
  const ws = workspaceOf(filesUnder(join(dir, 'kustomize')));
  const f = allFindings(ws);
  // The staging overlay deletes the DestinationRule ($patch: delete), so in that build the base's
  // route names a subset nothing defines; production keeps it. One finding, at the base's line.
  assert.deepEqual(
    atLeast(f, 'warning').map((x) => `${x.file}:${x.line} ${x.rule} ${x.severity}`),
    ['virtualservice.yaml:9 unknown-subset error'],
  );
  assert.match(atLeast(f, 'warning')[0].message, /^in overlays\/staging: Subset v1: no DestinationRule for host podinfo\.staging\.svc\.cluster\.local/);
  // Fragments are not indexed as objects: only the base Deployment exists.
  assert.equal([...ws.allResources()].filter((r) => r.kind === 'Deployment').length, 1);
  // One overlay alone: its namespace reaches the base's resources.
  const staging = filesUnder(join(dir, 'kustomize')).filter((p) => !p.includes('production'));
  const ns = [...workspaceOf(staging).allResources()].filter((r) => r.kind !== 'Kustomization').map((r) => `${r.kind}/${r.namespace}`);
  assert.deepEqual([...new Set(ns)].sort(), ['Deployment/staging', 'DestinationRule/staging', 'Service/staging', 'VirtualService/staging']);
});

test('Kustomize builds: commonLabels completes a base, an unreferenced patch is applied by nobody, a JSON 6902 port patch holds, namePrefix renames a host away', () => {
  const f = lint('kustomize-build');
  const shown = atLeast(f, 'warning').map((x) => `${x.file}:${x.line} ${x.rule} ${x.severity}`);
  // Only the prefixed overlay's renamed Service: the base's route and rule name a host that build lacks.
  assert.deepEqual(shown.sort(), ['destinationrule.yaml:6 unknown-host error', 'virtualservice.yaml:11 unknown-host error']);
  for (const x of atLeast(f, 'warning')) {
    assert.match(x.message, /^in overlays\/prefixed: /);
    assert.match(x.message, /renames to team-a-reviews/);
  }
  // Nothing on the base Deployment (its selector comes from commonLabels), the unreferenced
  // patch, or the overlay's route to the patched port 80.
  assert.deepEqual(
    f.filter((x) => /deployment|patch-resources|route/.test(x.file) && x.severity !== 'hint').map((x) => `${x.file} ${x.rule}`),
    [],
  );
  // A finding that holds in only one of the builds of a shared base offers no fix (it would change the other build too).
  const ws = workspaceOf(filesUnder(join(dir, 'kustomize-build')));
  const vs = [...ws.fileUris()].find((u) => u.endsWith('base/virtualservice.yaml'));
  const [finding] = ws.findings(vs).filter((x) => x.rule === 'unknown-host');
  assert.deepEqual(svc.fixesFor(ws, finding.uri, finding.id), []);
});

test('apply units: alternative tutorial files never conflict; files of one build do', () => {
  const f = lint('apply-units');
  const conflicts = f.filter((x) => /conflicting|duplicate/.test(x.rule));
  assert.deepEqual(conflicts.map((x) => `${x.file} ${x.rule} ${x.severity}`).sort(), [
    'ratings-canary-vs.yaml conflicting-virtualservice error',
    'ratings-vs.yaml conflicting-virtualservice error',
  ]);
});

test('namespaces: a link that holds only under the assumed namespace is a warning; --namespace settles it', () => {
  const f = byRule(lint('namespaces'), 'unknown-subset');
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'warning');
  assert.match(f[0].message, /This assumes VirtualService cart, which sets no namespace, is applied to namespace default/);
  assert.deepEqual(byRule(lint('namespaces', { defaultNamespace: 'shop' }), 'unknown-subset'), []);
  const r = cli(['--namespace', 'shop', 'namespaces']);
  assert.equal(r.status, 0, r.stdout);
  assert.equal(cli(['-n', 'Shop!', 'namespaces']).status, 2);
});

test('Helm and placeholders: chart templates and unparseable placeholder files are skipped; {{ }} in strings is text', () => {
  const f = lint('helm');
  const skipped = byRule(f, 'helm-template')
    .map((x) => x.file)
    .sort();
  assert.deepEqual(skipped, ['deployment.yaml', 'service.yaml', 'virtualservice.yaml']);
  // The Argo Workflow file and rendered chart output are analyzed: their VirtualServices' broken subsets are found.
  assert.deepEqual(
    byRule(f, 'unknown-subset')
      .map((x) => x.file)
      .sort(),
    ['podinfo.yaml', 'workflow.yaml'],
  );
  assert.deepEqual(
    f.filter((x) => x.file === 'workflow.yaml' && x.rule !== 'unknown-subset' && x.severity !== 'hint'),
    [],
  );
});

test('value semantics: null annotations and volumes are absent, zero timeout and cookie ttl are valid, numeric targetPort is a hint', () => {
  const f = lint('values');
  assert.deepEqual(atLeast(f, 'info'), [], JSON.stringify(atLeast(f, 'info').map((x) => x.message)));
  assert.deepEqual(
    byRule(f, 'target-port-not-exposed').map((x) => x.severity),
    ['hint'],
  );
});

test('versions: --istio-version changes tls-no-ca, api-version-upgrade and removed-api', () => {
  const newest = lint('versions');
  assert.deepEqual(
    byRule(newest, 'tls-no-ca').map((x) => x.severity),
    ['hint'],
  );
  assert.equal(byRule(newest, 'api-version-upgrade').length, 3);
  assert.equal(byRule(newest, 'removed-api').length, 1);
  const old = lint('versions', { istioVersion: '1.5' });
  assert.deepEqual(
    byRule(old, 'tls-no-ca').map((x) => x.severity),
    ['warning'],
  );
  assert.deepEqual(byRule(old, 'api-version-upgrade'), []);
  assert.deepEqual(byRule(old, 'removed-api'), []);
  const r = cli(['--istio-version', '1.19', '--format', 'json', 'versions']);
  assert.deepEqual(
    JSON.parse(r.stdout)
      .map((x) => `${x.rule} ${x.severity}`)
      .sort(),
    ['removed-api error', 'tls-no-ca warning'],
  );
  assert.equal(cli(['--istio-version', 'latest', 'versions']).status, 2);
});

test('uncertain links: workloads of an unrendered chart, a shared gateway, Services elsewhere', () => {
  const f = lint('links');
  assert.deepEqual(
    byRule(f, 'subset-no-workload').map((x) => x.severity),
    ['hint', 'hint'],
  );
  assert.deepEqual(
    byRule(f, 'unknown-host').map((x) => x.severity),
    ['hint', 'hint', 'hint', 'hint'],
  );
  assert.deepEqual(
    byRule(f, 'unknown-gateway').map((x) => x.severity),
    ['warning'],
  );
  const complete = lint('links', { completeWorkspace: true });
  assert.deepEqual(
    byRule(complete, 'unknown-host').map((x) => x.severity),
    ['warning', 'warning', 'warning', 'warning'],
  );
  assert.deepEqual(
    byRule(complete, 'unknown-gateway').map((x) => x.severity),
    ['error'],
  );
});

test('noise: the CLI leaves hints out by default and counts them; --min-severity hint shows them', () => {
  const quiet = cli(['links']);
  assert.doesNotMatch(quiet.stdout, /unknown-host/);
  assert.match(quiet.stdout, /6 findings below info not shown \(--min-severity hint shows them\)/);
  const all = cli(['--min-severity', 'hint', 'links']);
  assert.match(all.stdout, /unknown-host/);
  assert.equal(cli(['--min-severity', 'loud', 'links']).status, 2);
  // Hidden findings still count for the exit code.
  const strict = cli(['--min-severity', 'error', '--max-warnings', '0', 'links']);
  assert.equal(strict.status, 1);
  assert.match(strict.stderr, /2 warnings, more than --max-warnings 0/);
  // Cross-file findings name the other file by its path from the working directory.
  assert.match(cli(['apply-units']).stdout, /VirtualService ratings-canary \(apply-units\/app\/ratings-canary-vs\.yaml\)/);
});

test('misses: partial misnest, match gateways, duplicate DestinationRules, DestinationRule without spec, ServiceEntry endpoints', () => {
  const f = atLeast(lint('misses'), 'warning');
  assert.deepEqual(
    f.map((x) => `${x.line} ${x.rule} ${x.severity}`),
    [
      '10 unknown-gateway error',
      '15 misnested-destination error',
      '37 duplicate-destinationrule warning',
      '47 duplicate-destinationrule warning',
      '52 missing-field error',
      '77 subset-no-workload warning',
    ],
  );
  // --fix moves exactly the stray `subset` under `destination:`; `weight` stays beside it.
  const r = cli(['--fix-dry-run', 'misses/routing.yaml']);
  assert.match(r.stdout, /- {6}subset: v2 # canary\n\+ {8}subset: v2 # canary\n {7}weight: 20\n/);
  assert.doesNotMatch(r.stdout, /^[-+].*weight/m);
});

test('pre-1.0 config says what it is and what replaced it', () => {
  const ws = workspaceOf({
    'old.yaml':
      'apiVersion: config.istio.io/v1alpha2\nkind: RouteRule\nmetadata:\n  name: r\nspec:\n  destination:\n    name: reviews\n---\napiVersion: networking.istio.io/v1alpha3\nkind: VirtualService\nmetadata:\n  name: r\nspec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination:\n        name: reviews\n',
  });
  const f = allFindings(ws);
  assert.match(byRule(f, 'removed-api')[0].message, /`RouteRule` \(config\.istio\.io\/v1alpha2\) was removed in Istio 1\.0/);
  assert.match(byRule(f, 'unknown-field')[0].message, /`name` in a destination is pre-1\.0 Istio syntax .* Rename `name:` to `host:`/);
  assert.deepEqual(byRule(f, 'missing-field'), []);
});

test('incremental: adding, changing and removing a kustomization re-reads the files it names', async () => {
  const { svc } = await import('./helpers.mjs');
  const ws = svc.createWorkspace();
  const svcYaml = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n  - {name: http, port: 80}\n';
  const patch = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n$patch: delete\n';
  ws.setFile('file:///r/app/service.yaml', svcYaml);
  ws.setFile('file:///r/app/patch.yaml', patch);
  const names = () =>
    [...ws.allResources()]
      .filter((r) => r.kind === 'Service')
      .map((r) => `${r.uri.slice(10)}:${r.namespace}`)
      .sort();
  assert.deepEqual(names(), ['app/patch.yaml:default', 'app/service.yaml:default']);
  let r = ws.setFile('file:///r/app/kustomization.yaml', 'namespace: web\nresources:\n- service.yaml\npatches:\n- path: patch.yaml\n');
  assert.ok(r.affected.includes('file:///r/app/service.yaml'));
  assert.deepEqual(names(), ['app/service.yaml:web']);
  assert.deepEqual(ws.findings('file:///r/app/patch.yaml'), []);
  ws.setFile('file:///r/app/kustomization.yaml', 'namespace: shop\nresources:\n- service.yaml\n');
  assert.deepEqual(names(), ['app/patch.yaml:default', 'app/service.yaml:shop']);
  r = ws.removeFile('file:///r/app/kustomization.yaml');
  assert.deepEqual(names(), ['app/patch.yaml:default', 'app/service.yaml:default']);
  // Without the build, the two files of the folder hold the same Service: alternatives, not duplicates.
  assert.deepEqual(byRule(allFindings(ws), 'duplicate-resource'), []);
});

test('Kustomize builds: a renamed host is a warning, not an error, when another build applies the unrenamed Service to that namespace', () => {
  const svcYaml = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: reviews\nspec:\n  ports:\n  - name: http\n    port: 9080\n';
  const vsYaml =
    'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\nspec:\n  hosts:\n  - reviews\n  http:\n  - route:\n    - destination:\n        host: reviews\n';
  const ws = workspaceOf({
    'base/kustomization.yaml': 'resources:\n- service.yaml\n- virtualservice.yaml\n',
    'base/service.yaml': svcYaml,
    'base/virtualservice.yaml': vsYaml,
    'prefixed/kustomization.yaml': 'namespace: team-a\nnamePrefix: team-a-\nresources:\n- ../base\n',
    'plain/kustomization.yaml': 'namespace: team-a\nresources:\n- ../base\n',
  });
  const f = ws.findings('file:///ws/base/virtualservice.yaml').filter((x) => x.rule === 'unknown-host');
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'warning');
  assert.match(f[0].message, /^in (ws\/)?prefixed: .*renames to team-a-reviews.*Another build applies Service reviews to namespace team-a/);
});
