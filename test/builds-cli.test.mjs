// `meshlint builds` as a user runs it: a real process on a real Kustomize tree
// (test/fixtures/kustomize: a base with commonLabels, an overlay with namePrefix, an overlay with a
// JSON 6902 port patch and a commented-out patch file).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { root } from './helpers.mjs';
import { renderers } from './renderers.mjs';

const bin = join(root, 'bin/meshlint.js');
const run = (args) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root });
const tree = 'test/fixtures/kustomize';

test('builds: lists each root build with namespace, objects and files, and the files applied by nobody', () => {
  const r = run(['builds', tree]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(
    r.stdout,
    [
      'kustomize  test/fixtures/kustomize/overlays/prefixed/kustomization.yaml  namespace team-a  4 objects  4 files',
      'kustomize  test/fixtures/kustomize/overlays/prod/kustomization.yaml  namespace prod  4 objects  5 files',
      '2 builds',
      '1 file beside kustomizations that no build reads (applied by nobody):',
      '  test/fixtures/kustomize/overlays/prod/replicas.yaml',
      '',
    ].join('\n'),
  );
});

test('builds --format json: files read and problems with their location', () => {
  const r = run(['builds', tree, '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  const prod = out.builds.find((b) => b.root.endsWith('prod/kustomization.yaml'));
  assert.equal(prod.namespace, 'prod');
  assert.deepEqual([...prod.files].sort(), [
    'test/fixtures/kustomize/base/kustomization.yaml',
    'test/fixtures/kustomize/base/reviews.yaml',
    'test/fixtures/kustomize/base/routing.yaml',
    'test/fixtures/kustomize/overlays/prod/kustomization.yaml',
    'test/fixtures/kustomize/overlays/prod/service-port.yaml',
  ]);
  assert.deepEqual(prod.problems, []);
  assert.deepEqual(out.unreferenced, ['test/fixtures/kustomize/overlays/prod/replicas.yaml']);
});

test('builds --print: the objects of one build as YAML, each traced to its source in JSON', () => {
  let r = run(['builds', '--print', `${tree}/overlays/prefixed`]);
  assert.equal(r.status, 0, r.stderr);
  const docs = r.stdout.split(/^---\n/m).map((d) => parse(d));
  assert.deepEqual(
    docs.map((d) => `${d.kind} ${d.metadata.namespace}/${d.metadata.name}`),
    ['Service team-a/team-a-reviews', 'Deployment team-a/team-a-reviews-v1', 'DestinationRule team-a/team-a-reviews', 'VirtualService team-a/team-a-reviews'],
  );
  // The base Deployment has no selector: commonLabels gives it one.
  assert.deepEqual(docs[1].spec.selector.matchLabels, { 'app.kubernetes.io/part-of': 'bookinfo' });
  r = run(['builds', '--print', `${tree}/overlays/prod/kustomization.yaml`, '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  const svc = out.objects.find((o) => o.value.kind === 'Service');
  assert.equal(svc.value.spec.ports[0].port, 80);
  assert.deepEqual(svc.source, { file: 'test/fixtures/kustomize/base/reviews.yaml', line: 18, column: 1 });
});

test('builds: usage errors exit 2; a build with problems exits 1 under --print', () => {
  let r = run(['builds', '--print', 'test/fixtures/no-such-folder']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no kustomization or Helm chart at test\/fixtures\/no-such-folder/);
  r = run(['builds', tree, '--format', 'xml']);
  assert.equal(r.status, 2);
  r = run(['builds', '--help']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^Usage: meshlint builds/);
  assert.match(run(['--help']).stdout, /meshlint builds --help/);
  const dir = mkdtempSync(join(tmpdir(), 'meshlint-builds-'));
  writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n- missing.yaml\n');
  r = run(['builds', '--print', dir]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /kustomization\.yaml:2:3: resource missing\.yaml is not in the workspace/);
});

test('builds --print on a tree using most of Kustomize: prefix, namespace, annotations, a component, a merged generator, images, replicas, patches', () => {
  const r = run(['builds', '--print', 'test/fixtures/kustomize-features/overlay', '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const objects = JSON.parse(r.stdout).objects.map((o) => o.value);
  const get = (kind) => objects.find((o) => o.kind === kind);
  assert.deepEqual(
    objects.map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`),
    [
      'ServiceAccount ns1/p-web',
      'Role ns1/p-web',
      'RoleBinding ns1/p-web',
      'ConfigMap ns1/p-conf-7gdc49gk6d',
      'ConfigMap ns1/p-extra',
      'Service ns1/p-web',
      'Deployment ns1/p-web',
      'Ingress ns1/p-web',
    ],
  );
  const dep = get('Deployment');
  assert.equal(dep.spec.replicas, 3);
  assert.deepEqual(
    dep.spec.template.spec.containers.map((c) => [c.name, c.image, c.ports?.map((p) => p.containerPort)]),
    [
      ['web', 'my/nginx:2.0', [8080, 80, 443]],
      ['side', 'registry.io/team/side@sha256:def', undefined],
    ],
  );
  assert.equal(dep.spec.template.spec.volumes[0].configMap.name, 'p-conf-7gdc49gk6d');
  assert.equal(dep.spec.template.spec.containers[0].envFrom[0].configMapRef.name, 'p-conf-7gdc49gk6d');
  assert.equal(dep.metadata.annotations.keep, undefined);
  assert.equal(dep.metadata.annotations.team, 'a');
  assert.equal(dep.spec.template.spec.serviceAccountName, 'p-web');
  assert.deepEqual(
    get('Service').spec.ports.map((p) => [p.name, p.port, p.targetPort]),
    [
      ['grpc', 9090, undefined],
      ['http', 80, 8080],
      ['https', 443, undefined],
    ],
  );
  assert.deepEqual(get('RoleBinding').subjects, [{ kind: 'ServiceAccount', name: 'p-web', namespace: 'ns1' }]);
  assert.equal(get('Ingress').spec.rules[0].http.paths[0].backend.service.name, 'p-web');
});

test('builds --print --format json: fields replacements and vars write are listed as unknown', () => {
  const r = run(['builds', '--print', 'test/fixtures/kustomize-features/replacements/overlay', '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const objects = JSON.parse(r.stdout).objects;
  const vs = objects.find((o) => o.value.kind === 'VirtualService');
  assert.deepEqual(vs.value.spec.hosts, ['api.example.com']);
  assert.equal(vs.value.spec.http[0].route[0].destination.host, 'x.apps.svc.cluster.local');
  assert.deepEqual(vs.value.spec.gateways, ['apps']);
  assert.deepEqual(vs.unknown.sort(), ['/spec/gateways/0', '/spec/hosts/0', '/spec/http/0/route/0/destination/host']);
  const dep = objects.find((o) => o.value.kind === 'Deployment');
  assert.deepEqual(dep.value.spec.template.spec.containers[0].args, ['--upstream=o-api']);
  assert.deepEqual(dep.unknown.sort(), [
    '/spec/template/metadata/annotations/traffic.sidecar.istio.io~1excludeOutboundPorts',
    '/spec/template/spec/containers/0/args/0',
  ]);
});

const real = renderers();
test('builds --print prints what kubectl kustomize prints', { skip: real.skip }, () => {
  for (const dir of [
    ...['prefixed', 'prod'].map((o) => join(root, tree, 'overlays', o)),
    join(root, 'test/fixtures/kustomize-features/overlay'),
    join(root, 'test/fixtures/kustomize-features/replacements/overlay'),
  ]) {
    const overlay = dir;
    const expected = execFileSync(real.kubectl, ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const r = run(['builds', '--print', dir]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, expected, overlay);
  }
});

test('builds: Helm charts are listed with each values file and printed as rendered, with the real helm', { skip: renderers().skip }, () => {
  const { helm } = renderers();
  const list = spawnSync(process.execPath, [join(root, 'bin/meshlint.js'), 'builds', '--helm', helm, 'test/fixtures/helm'], { cwd: root, encoding: 'utf8' });
  assert.equal(list.status, 0, list.stderr);
  assert.match(list.stdout, /^helm {2}test\/fixtures\/helm\/canary-chart {2}2 objects/m);
  assert.match(list.stdout, /^helm {2}test\/fixtures\/helm\/canary-chart with test\/fixtures\/helm\/canary-chart\/values-prod\.yaml/m);
  const print = spawnSync(process.execPath, [join(root, 'bin/meshlint.js'), 'builds', '--helm', helm, '--print', 'test/fixtures/helm/canary-chart'], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.equal(print.status, 0, print.stderr);
  assert.match(print.stdout, /kind: VirtualService/);
  assert.match(print.stdout, /subset: v2/);
  const off = spawnSync(process.execPath, [join(root, 'bin/meshlint.js'), 'builds', '--no-helm', 'test/fixtures/helm'], { cwd: root, encoding: 'utf8' });
  assert.match(off.stderr, /Helm chart builds not rendered: .*--no-helm/);
});
