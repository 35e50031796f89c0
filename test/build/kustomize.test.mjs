// The Kustomize build model on small in-memory trees: values as kubectl kustomize gives them
// (checked against the real tool where noted) and the source of every built field.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { svc } from '../helpers.mjs';

/** Files { path: text } under file:///ws/ as the workspace reads them. */
function tree(files) {
  const entries = new Map(Object.entries(files).map(([p, t]) => [`file:///ws/${p}`, svc.readEntry(`file:///ws/${p}`, t)]));
  return {
    entries,
    file: (u) => entries.get(u),
    build: (p) => svc.buildKustomization(`file:///ws/${p}`, (u) => entries.get(u)),
    /** 1-based line and the source text an origin points at. */
    at(ref) {
      const text = files[ref.uri.slice('file:///ws/'.length)];
      return { file: ref.uri.slice('file:///ws/'.length), line: text.slice(0, ref.start).split('\n').length, text: text.slice(ref.start, ref.end) };
    },
  };
}

const obj = (b, kind, name) => b.objects.find((o) => o.value.kind === kind && o.value.metadata.name === name);

const origin = (o, ptr) => svc.originOf(o, ptr);

const BASE = {
  'base/kustomization.yaml': 'resources:\n- app.yaml\n- vs.yaml\n',
  'base/app.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews
spec:
  template:
    metadata:
      labels:
        app: reviews
    spec:
      serviceAccountName: reviews
      containers:
      - name: app
        image: reviews:1
        ports:
        - containerPort: 9080
      - name: sidecar
        image: side:1
---
apiVersion: v1
kind: Service
metadata:
  name: reviews
spec:
  selector:
    app: reviews
  ports:
  - name: http
    port: 9080
    targetPort: 9080
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: reviews
`,
  'base/vs.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
  - name: a
    route:
    - destination:
        host: reviews
  - name: b
    route:
    - destination:
        host: reviews
        subset: v2
`,
};

test('namePrefix renames objects and the references kustomize rewrites, not VirtualService hosts', () => {
  const t = tree({ ...BASE, 'team/kustomization.yaml': 'namePrefix: team-a-\nnamespace: team\nresources:\n- ../base\n' });
  const b = t.build('team/kustomization.yaml');
  assert.deepEqual(b.problems, []);
  assert.equal(b.namespace, 'team');
  assert.deepEqual(
    b.objects.map((o) => `${o.value.kind} ${o.value.metadata.namespace}/${o.value.metadata.name}`),
    ['ServiceAccount team/team-a-reviews', 'Service team/team-a-reviews', 'Deployment team/team-a-reviews', 'VirtualService team/team-a-reviews'],
  );
  const dep = obj(b, 'Deployment', 'team-a-reviews');
  assert.equal(dep.value.spec.template.spec.serviceAccountName, 'team-a-reviews');
  // Kustomize does not rewrite Istio hosts: the route still names `reviews`.
  assert.equal(obj(b, 'VirtualService', 'team-a-reviews').value.spec.http[0].route[0].destination.host, 'reviews');
  // A prefixed name keeps the base's name node; the namespace comes from the kustomization.
  assert.deepEqual(t.at(origin(dep, '/metadata/name')), { file: 'base/app.yaml', line: 4, text: 'reviews' });
  assert.deepEqual(t.at(origin(dep, '/metadata/namespace')), { file: 'team/kustomization.yaml', line: 2, text: 'team' });
  assert.deepEqual(t.at(origin(dep, '')).file, 'base/app.yaml');
  assert.equal(t.at(origin(dep, '/spec/template/spec/containers/0/ports/0/containerPort')).line, 16);
  assert.ok(b.inputs.includes('file:///ws/base/app.yaml') && b.inputs.includes('file:///ws/team/kustomization.yaml'));
});

test('commonLabels go into metadata, selectors and pod templates (creating them), each from its entry', () => {
  const t = tree({
    'k/kustomization.yaml': 'commonLabels:\n  team: a\nresources:\n- d.yaml\n',
    'k/d.yaml':
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: c\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n',
  });
  const b = t.build('k/kustomization.yaml');
  const d = obj(b, 'Deployment', 'd');
  assert.deepEqual(d.value.metadata.labels, { team: 'a' });
  assert.deepEqual(d.value.spec.selector, { matchLabels: { team: 'a' } });
  assert.deepEqual(d.value.spec.template.metadata.labels, { team: 'a' });
  assert.deepEqual(obj(b, 'Service', 's').value.spec.selector, { team: 'a' });
  assert.deepEqual(t.at(origin(d, '/spec/selector/matchLabels/team')), { file: 'k/kustomization.yaml', line: 2, text: 'a' });
});

test('labels without includeSelectors leave selectors alone; includeTemplates reaches pod templates', () => {
  const t = tree({
    'k/kustomization.yaml': 'labels:\n- pairs:\n    tier: web\n  includeTemplates: true\nresources:\n- d.yaml\n',
    'k/d.yaml':
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  selector:\n    matchLabels:\n      app: d\n  template:\n    metadata:\n      labels:\n        app: d\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec: {}\n',
  });
  const b = t.build('k/kustomization.yaml');
  const d = obj(b, 'Deployment', 'd').value;
  // As kubectl kustomize: templates get the labels, created where absent (the CronJob's two).
  const c = obj(b, 'CronJob', 'c').value;
  assert.deepEqual(c.spec.jobTemplate.metadata.labels, { tier: 'web' });
  assert.deepEqual(c.spec.jobTemplate.spec.template.metadata.labels, { tier: 'web' });
  assert.deepEqual(d.metadata.labels, { tier: 'web' });
  assert.deepEqual(d.spec.selector.matchLabels, { app: 'd' });
  assert.deepEqual(d.spec.template.metadata.labels, { app: 'd', tier: 'web' });
});

test('a JSON 6902 patch changes a Service port; the port comes from the patch line', () => {
  const t = tree({
    ...BASE,
    'prod/kustomization.yaml': 'resources:\n- ../base\npatches:\n- path: port.yaml\n  target:\n    kind: Service\n    name: rev.*\n',
    'prod/port.yaml': '- op: replace\n  path: /spec/ports/0/port\n  value: 80\n- op: add\n  path: /spec/ports/-\n  value: {name: grpc, port: 9090}\n',
  });
  const b = t.build('prod/kustomization.yaml');
  const s = obj(b, 'Service', 'reviews');
  assert.deepEqual(
    s.value.spec.ports.map((p) => p.port),
    [80, 9090],
  );
  assert.deepEqual(t.at(origin(s, '/spec/ports/0/port')), { file: 'prod/port.yaml', line: 3, text: '80' });
  assert.deepEqual(t.at(origin(s, '/spec/ports/0/name')), { file: 'base/app.yaml', line: 28, text: 'http' });
  assert.equal(t.at(origin(s, '/spec/ports/1/port')).file, 'prod/port.yaml');
});

test('a strategic merge patch merges containers by name and ports by containerPort, kyaml order', () => {
  const t = tree({
    ...BASE,
    'o/kustomization.yaml': 'resources:\n- ../base\npatchesStrategicMerge:\n- p.yaml\n',
    'o/p.yaml':
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: reviews\nspec:\n  template:\n    spec:\n      containers:\n      - name: sidecar\n        $patch: delete\n      - name: app\n        image: reviews:2\n        ports:\n        - containerPort: 9080\n          name: http\n',
  });
  const d = obj(t.build('o/kustomization.yaml'), 'Deployment', 'reviews');
  const c = d.value.spec.template.spec.containers;
  assert.deepEqual(c, [{ name: 'app', image: 'reviews:2', ports: [{ containerPort: 9080, name: 'http' }] }]);
  assert.deepEqual(t.at(origin(d, '/spec/template/spec/containers/0/image')), { file: 'o/p.yaml', line: 12, text: 'reviews:2' });
});

test('a strategic merge patch replaces the lists of a custom resource (VirtualService http) whole; inline patches point into the kustomization', () => {
  const t = tree({
    ...BASE,
    'o/kustomization.yaml':
      'resources:\n- ../base\npatches:\n- patch: |\n    apiVersion: networking.istio.io/v1\n    kind: VirtualService\n    metadata:\n      name: reviews\n    spec:\n      http:\n      - name: b\n        timeout: 5s\n',
  });
  const vs = obj(t.build('o/kustomization.yaml'), 'VirtualService', 'reviews');
  assert.deepEqual(vs.value.spec.http, [{ name: 'b', timeout: '5s' }]);
  assert.deepEqual(t.at(origin(vs, '/spec/http/0/timeout')), { file: 'o/kustomization.yaml', line: 12, text: '5s' });
});

test('components, images and replicas', () => {
  const t = tree({
    ...BASE,
    'o/kustomization.yaml': 'resources:\n- ../base\ncomponents:\n- ../comp\nimages:\n- name: reviews\n  newTag: "3"\nreplicas:\n- name: reviews\n  count: 4\n',
    'comp/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncommonAnnotations:\n  owner: mesh\n',
  });
  const b = t.build('o/kustomization.yaml');
  const d = obj(b, 'Deployment', 'reviews').value;
  assert.equal(d.metadata.annotations.owner, 'mesh');
  assert.equal(d.spec.template.spec.containers[0].image, 'reviews:3');
  assert.equal(d.spec.replicas, 4);
  // A Component is never a root of its own.
  assert.deepEqual(svc.kustomizeRoots(t.entries.keys(), t.file), ['file:///ws/o/kustomization.yaml']);
});

test("generators: kustomize's hash suffix (as kubectl gives it) and the references that follow it", () => {
  const t = tree({
    'k/kustomization.yaml':
      'resources:\n- d.yaml\nconfigMapGenerator:\n- name: cm\n  literals: [a=b, "c=<d>"]\n- name: plain\n  literals: [x=y]\n  options:\n    disableNameSuffixHash: true\n',
    'k/d.yaml':
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        envFrom:\n        - configMapRef:\n            name: cm\n      volumes:\n      - name: v\n        configMap:\n          name: plain\n',
  });
  const b = t.build('k/kustomization.yaml');
  // `kubectl kustomize` names this ConfigMap cm-hbg8md8tt7.
  const cm = obj(b, 'ConfigMap', 'cm-hbg8md8tt7');
  assert.ok(cm, b.objects.map((o) => o.value.metadata.name).join());
  assert.deepEqual(cm.value.data, { a: 'b', c: '<d>' });
  assert.ok(obj(b, 'ConfigMap', 'plain'));
  const d = obj(b, 'Deployment', 'd').value.spec.template.spec;
  assert.equal(d.containers[0].envFrom[0].configMapRef.name, 'cm-hbg8md8tt7');
  assert.equal(d.volumes[0].configMap.name, 'plain');
  assert.deepEqual(t.at(origin(cm, '/metadata/name')), { file: 'k/kustomization.yaml', line: 4, text: 'cm' });
});

test('an unreferenced patch beside a kustomization is applied by nobody', () => {
  const t = tree({
    ...BASE,
    'o/kustomization.yaml': 'resources:\n- ../base\npatches:\n- path: used.yaml\n# - path: unused.yaml\n',
    'o/used.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: reviews\nspec:\n  type: ClusterIP\n',
    'o/unused.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: reviews\nspec:\n  replicas: 2\n',
    'other/plain.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n',
  });
  const r = svc.discoverKustomizeBuilds(t.entries.keys(), t.file);
  assert.deepEqual(
    r.builds.map((b) => b.root),
    ['file:///ws/o/kustomization.yaml'],
  );
  assert.deepEqual(r.unreferenced, ['file:///ws/o/unused.yaml']);
});

test('replacements copy values and mark the written fields unknown', () => {
  const t = tree({
    'k/kustomization.yaml':
      'resources:\n- r.yaml\nreplacements:\n- source:\n    kind: ConfigMap\n    name: params\n    fieldPath: data.host\n  targets:\n  - select:\n      kind: VirtualService\n    fieldPaths:\n    - spec.hosts.0\n',
    'k/r.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: params\ndata:\n  host: svc.ns.svc.cluster.local\n---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: v\nspec:\n  hosts:\n  - PLACEHOLDER\n',
  });
  const vs = obj(t.build('k/kustomization.yaml'), 'VirtualService', 'v');
  assert.deepEqual(vs.value.spec.hosts, ['svc.ns.svc.cluster.local']);
  assert.deepEqual(vs.unknown, ['/spec/hosts/0']);
});

test('bad input is a problem with a location, never a throw', () => {
  const t = tree({
    'a/kustomization.yaml': 'resources:\n- missing.yaml\n- ../b\n- github.com/org/repo//base?ref=v1\npatches:\n- path: nowhere.yaml\n',
    'b/kustomization.yaml': 'resources:\n- ../a\n',
    'c/kustomization.yaml': '- just\n- a list\n',
    'd/kustomization.yaml': 'resources: [x.yaml\n',
  });
  const a = t.build('a/kustomization.yaml');
  const msgs = a.problems.map((p) => p.message);
  assert.ok(
    msgs.some((m) => m.includes('missing.yaml')),
    msgs.join('\n'),
  );
  assert.ok(
    msgs.some((m) => m.startsWith('cycle:')),
    msgs.join('\n'),
  );
  assert.ok(
    msgs.some((m) => m.startsWith('remote base github.com/org/repo')),
    msgs.join('\n'),
  );
  assert.ok(
    msgs.some((m) => m.includes('nowhere.yaml')),
    msgs.join('\n'),
  );
  const missing = a.problems.find((p) => p.message.includes('missing.yaml'));
  assert.deepEqual(t.at(missing.at), { file: 'a/kustomization.yaml', line: 2, text: 'missing.yaml' });
  assert.equal(t.build('c/kustomization.yaml').problems[0].message, 'the kustomization is not a YAML mapping');
  assert.ok(t.build('d/kustomization.yaml').problems.length > 0);
});

test('nameSuffix, configurations (a nameReference for a custom kind) and patchesJson6902 after the rename (as kubectl gives it)', () => {
  const t = tree({
    'k/kustomization.yaml':
      'nameSuffix: -v2\nresources:\n- r.yaml\nconfigurations:\n- refs.yaml\npatchesJson6902:\n- target:\n    group: networking.istio.io\n    version: v1\n    kind: DestinationRule\n    name: reviews\n  path: dr.yaml\nconfigMapGenerator:\n- name: settings\n  literals:\n  - mode=fast\n',
    'k/refs.yaml': 'nameReference:\n- kind: ConfigMap\n  fieldSpecs:\n  - kind: Widget\n    path: spec/configRef\n',
    'k/dr.yaml': '- op: add\n  path: /spec/subsets/-\n  value:\n    name: v2\n    labels:\n      version: v2\n',
    'k/r.yaml':
      'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  configRef: settings\n---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: reviews\nspec:\n  host: reviews\n  subsets:\n  - name: v1\n    labels:\n      version: v1\n',
  });
  const b = t.build('k/kustomization.yaml');
  assert.deepEqual(b.problems, []);
  assert.deepEqual(
    b.objects.map((o) => o.value.metadata.name),
    ['settings-v2-t82mkhg8fd', 'w-v2', 'reviews-v2'],
  );
  assert.equal(obj(b, 'Widget', 'w-v2').value.spec.configRef, 'settings-v2-t82mkhg8fd');
  const dr = obj(b, 'DestinationRule', 'reviews-v2');
  assert.deepEqual(
    dr.value.spec.subsets.map((s) => s.name),
    ['v1', 'v2'],
  );
  assert.deepEqual(t.at(origin(dr, '/spec/subsets/1/name')), { file: 'k/dr.yaml', line: 4, text: 'v2' });
  assert.ok(b.inputs.includes('file:///ws/k/refs.yaml') && b.inputs.includes('file:///ws/k/dr.yaml'));
});

test('the browser bundle builds too (hash and base64 without Node APIs)', async () => {
  const { pathToFileURL } = await import('node:url');
  const { join } = await import('node:path');
  const { root } = await import('../helpers.mjs');
  const web = await import(pathToFileURL(join(root, 'dist/service.browser.mjs')).href);
  const files = {
    'inmemory://ws/k/kustomization.yaml': 'configMapGenerator:\n- name: cm\n  literals: [a=b, "c=<d>"]\nsecretGenerator:\n- name: s\n  literals: [token=é]\n',
  };
  const entries = new Map(Object.entries(files).map(([u, t]) => [u, web.readEntry(u, t)]));
  const b = web.buildKustomization('inmemory://ws/k/kustomization.yaml', (u) => entries.get(u));
  assert.deepEqual(b.problems, []);
  const names = b.objects.map((o) => o.value.metadata.name);
  assert.ok(names.includes('cm-hbg8md8tt7'), names.join());
  assert.equal(b.objects.find((o) => o.value.kind === 'Secret').value.data.token, 'w6k=');
  // kubectl kustomize names this Secret s-km5g22hcd5.
  assert.ok(names.includes('s-km5g22hcd5'), names.join());
});

test('a resource the analysis skips as a template is still read as kustomize reads it', () => {
  const t = tree({
    'k/kustomization.yaml': 'resources:\n- dash.yaml\n- tmpl.yaml\n',
    'k/dash.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dash\ndata:\n  d.json: |\n    {"title": "{{ .Values.x }}"}\n',
    'k/tmpl.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Values.name }}\n  {{- if .Values.x }}\n',
  });
  const b = t.build('k/kustomization.yaml');
  assert.deepEqual(
    b.objects.map((o) => o.value.metadata.name),
    ['dash'],
  );
  assert.deepEqual(
    b.problems.map((p) => p.message),
    ['tmpl.yaml is not YAML (a template?): kustomize cannot read it'],
  );
});
