// Helm charts as builds: `helm template` run by node/helm.ts (the real helm from
// test/renderers.mjs), its objects mapped back to the template lines that produced them
// (service/build/helm.ts), the charts and values files a workspace holds (discoverCharts), the
// time bound, failing renders as problems, and the decision whether helm may run at all.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { fixtures, root, svc } from '../helpers.mjs';
import { renderers } from '../renderers.mjs';

const require = createRequire(import.meta.url);
const tmp = mkdtempSync(join(tmpdir(), 'mesh-helm-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
await build({
  entryPoints: [join(root, 'server/src/node/helm.ts'), join(root, 'server/src/service/build/helm.ts'), join(root, 'server/src/cli/helm.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  outdir: join(tmp, 'dist'),
  outbase: join(root, 'server/src'),
  logLevel: 'warning',
});
const node = require(join(tmp, 'dist/node/helm.js'));
const core = require(join(tmp, 'dist/service/build/helm.js'));
const cliHelm = require(join(tmp, 'dist/cli/helm.js'));

const real = renderers();
const skip = real.skip ? `the real helm is not available: ${real.skip}` : false;
if (skip) console.log(`# SKIP ${skip}`);

const chart = join(fixtures, 'helm/canary-chart');
const url = (p) => pathToFileURL(p).href;
const dirUrl = (p) => `${url(p)}/`;
const texts = new Map();
const textOf = (uri) => {
  if (!texts.has(uri)) texts.set(uri, readFileSync(fileURLToPath(uri), 'utf8'));
  return texts.get(uri);
};
/** The text an origin points at. */
const at = (ref) => textOf(ref.uri).slice(ref.start, ref.end);
const lineOf = (ref) => textOf(ref.uri).slice(0, ref.start).split('\n').length;
/** The origin of a pointer: its own, or its nearest ancestor's. */
const { originOf } = svc;
const find = (b, kind, name) => b.objects.find((o) => o.value.kind === kind && o.value.metadata?.name === name);
const render = (dir, values = [], opts = {}) =>
  new node.HelmRenderer({ command: real.helm, ...opts }).render({ kind: 'helm', root: dirUrl(dir), values: values.map(url) });

/** A chart in the temp folder: { 'Chart.yaml': text, 'templates/x.yaml': text, ... }. */
function writeChart(name, files) {
  const dir = join(tmp, name);
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  return dir;
}

test('discoverCharts: each chart with its values.yaml, and a build per values file the repository keeps for it', () => {
  const files = [
    'file:///r/app/Chart.yaml',
    'file:///r/app/values.yaml',
    'file:///r/app/values-prod.yaml',
    'file:///r/app/values.staging.yaml',
    'file:///r/app/eu-values.yaml',
    'file:///r/app/ci/smoke-values.yaml',
    'file:///r/app/templates/vs.yaml',
    'file:///r/app/templates/values-like.yaml',
    'file:///r/app/charts/sub/Chart.yaml',
    'file:///r/app/charts/sub/values-prod.yaml',
    'file:///r/charts/one/Chart.yaml',
    'file:///r/charts/two/Chart.yaml',
    'file:///r/other/values-prod.yaml',
  ];
  const got = core.discoverCharts(files, { namespace: 'shop' });
  assert.deepEqual(
    got.map((r) => [r.root, r.values, r.namespace]),
    [
      ['file:///r/app/', [], 'shop'],
      ['file:///r/app/', ['file:///r/app/ci/smoke-values.yaml'], 'shop'],
      ['file:///r/app/', ['file:///r/app/eu-values.yaml'], 'shop'],
      ['file:///r/app/', ['file:///r/app/values-prod.yaml'], 'shop'],
      ['file:///r/app/', ['file:///r/app/values.staging.yaml'], 'shop'],
      // A folder named charts that is not inside a chart holds charts of their own.
      ['file:///r/charts/one/', [], 'shop'],
      ['file:///r/charts/two/', [], 'shop'],
    ],
  );
  assert.ok(got.every((r) => r.kind === 'helm'));
  assert.equal(core.helmBuildId(got[0]), 'helm:file:///r/app/');
  assert.equal(core.helmBuildId(got[3]), 'helm:file:///r/app/#file:///r/app/values-prod.yaml');
  // The fixture chart's own files.
  const own = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) e.isDirectory() ? walk(join(d, e.name)) : own.push(url(join(d, e.name)));
  };
  walk(chart);
  assert.deepEqual(
    core.discoverCharts(own).map((r) => r.values.map((v) => relative(chart, fileURLToPath(v)))),
    [[], ['ci/smoke-values.yaml'], ['values-prod.yaml']],
  );
});

test('the canary chart with its default values: the VirtualService sends 10% to a subset the DestinationRule does not render, each value at its template line', {
  skip,
}, async () => {
  const b = await render(chart);
  assert.deepEqual(b.problems, []);
  assert.equal(b.kind, 'helm');
  assert.equal(b.id, `helm:${dirUrl(chart)}`);
  assert.equal(b.root, dirUrl(chart));
  assert.deepEqual(b.objects.map((o) => `${o.value.kind}/${o.value.metadata.name}`).sort(), ['DestinationRule/reviews', 'VirtualService/reviews']);
  for (const f of ['Chart.yaml', 'values.yaml', 'templates/virtualservice.yaml', 'templates/destinationrule.yaml', 'templates/_helpers.tpl'])
    assert.ok(b.inputs.includes(url(join(chart, f))), `inputs hold ${f}`);

  const vs = find(b, 'VirtualService', 'reviews');
  const dr = find(b, 'DestinationRule', 'reviews');
  const route = vs.value.spec.http[0].route;
  assert.deepEqual(
    route.map((r) => [r.destination.subset, r.weight]),
    [
      ['v1', 90],
      ['v2', 10],
    ],
  );
  assert.deepEqual(
    dr.value.spec.subsets.map((s) => s.name),
    ['v1'],
  );

  const vsUri = url(join(chart, 'templates/virtualservice.yaml'));
  const canary = originOf(vs, '/spec/http/0/route/1/destination/subset');
  assert.equal(canary.uri, vsUri);
  assert.equal(at(canary), 'subset: {{ .Values.canary.version }}');
  assert.equal(lineOf(canary), 20);
  assert.equal(at(originOf(vs, '/spec/http/0/route/0/destination/subset')), 'subset: {{ .Values.stable.version }}');
  // A value from values.yaml: the line whose expression rendered it.
  assert.equal(at(originOf(vs, '/spec/http/0/route/1/weight')), 'weight: {{ .Values.canary.weight }}');
  assert.equal(at(originOf(vs, '/spec/http/0/route/0/weight')), 'weight: {{ sub 100 .Values.canary.weight }}');
  assert.equal(at(originOf(vs, '/spec/http/0/route/1/destination/port/number')), 'number: {{ .Values.port }}');
  assert.equal(lineOf(originOf(vs, '/spec/http/0/route/1/destination/port/number')), 22);
  assert.equal(at(originOf(vs, '/spec/hosts/0')), '{{ .Values.service }}');
  // Literal lines map to themselves; labels from a helper map to the include that emits them.
  // The range ends before a trailing comment.
  assert.equal(at(originOf(dr, '/spec/trafficPolicy/tls/mode')), 'mode: ISTIO_MUTUAL');
  assert.equal(at(originOf(dr, '/metadata/labels/app.kubernetes.io~1name')), '{{- include "reviews.labels" . | nindent 4 }}');
  assert.equal(at(originOf(dr, '/spec/subsets/0/labels/version')), 'version: {{ .Values.stable.version }}');
  assert.equal(at(originOf(dr, '')), 'apiVersion: networking.istio.io/v1');
  assert.equal(originOf(dr, '').uri, url(join(chart, 'templates/destinationrule.yaml')));
  assert.equal(vs.approximate, undefined);
  assert.equal(dr.approximate, undefined);
});

test('a values file of the repository is a further build: values-prod.yaml renders the canary subset', { skip }, async () => {
  const prod = join(chart, 'values-prod.yaml');
  const b = await render(chart, [prod]);
  assert.deepEqual(b.problems, []);
  assert.equal(b.id, `helm:${dirUrl(chart)}#${url(prod)}`);
  assert.ok(b.inputs.includes(url(prod)));
  const vs = find(b, 'VirtualService', 'reviews');
  const dr = find(b, 'DestinationRule', 'reviews');
  assert.deepEqual(
    vs.value.spec.http[0].route.map((r) => r.weight),
    [80, 20],
  );
  assert.deepEqual(
    dr.value.spec.subsets.map((s) => s.name),
    ['v1', 'v2'],
  );
  // The second subset comes from the guarded lines: mapped there, not to the first item's.
  const second = originOf(dr, '/spec/subsets/1/name');
  assert.equal(at(second), 'name: {{ .Values.canary.version }}');
  assert.equal(lineOf(second), 17);
  assert.equal(lineOf(originOf(dr, '/spec/subsets/1/labels/version')), 19);
});

test('a namespace is passed to helm and set on the build', { skip }, async () => {
  const dir = writeChart('ns-chart', {
    'Chart.yaml': 'apiVersion: v2\nname: ns-chart\nversion: 0.1.0\n',
    'templates/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: {{ .Release.Namespace }}\nspec:\n  ports:\n  - port: 80\n',
  });
  const b = await new node.HelmRenderer({ command: real.helm }).render({ kind: 'helm', root: dirUrl(dir), values: [], namespace: 'shop' });
  assert.equal(b.namespace, 'shop');
  assert.equal(b.objects[0].value.metadata.namespace, 'shop');
  assert.equal(at(originOf(b.objects[0], '/metadata/namespace')), 'namespace: {{ .Release.Namespace }}');
  assert.equal(at(originOf(b.objects[0], '/spec/ports/0/port')), 'port: 80');
});

test('subcharts map to their own template files; a multi-document template maps each document to its part', { skip }, async () => {
  const dir = writeChart('parent', {
    'Chart.yaml': 'apiVersion: v2\nname: parent\nversion: 0.1.0\n',
    'values.yaml': 'names: [a, b]\n',
    'templates/gw.yaml':
      '{{- range .Values.names }}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: {{ . }}\n{{- end }}\n---\napiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: gw\nspec:\n  selector:\n    istio: ingressgateway\n',
    'charts/backend/Chart.yaml': 'apiVersion: v2\nname: backend\nversion: 0.1.0\n',
    'charts/backend/templates/svc.yaml': '# the backend\napiVersion: v1\nkind: Service\nmetadata:\n  name: backend\n',
  });
  const b = await render(dir);
  assert.deepEqual(b.problems, []);
  const sub = find(b, 'Service', 'backend');
  assert.equal(originOf(sub, '').uri, url(join(dir, 'charts/backend/templates/svc.yaml')));
  assert.equal(at(originOf(sub, '/metadata/name')), 'name: backend');
  assert.equal(at(originOf(find(b, 'Service', 'b'), '/metadata/name')), 'name: {{ . }}');
  const gw = find(b, 'Gateway', 'gw');
  assert.equal(at(originOf(gw, '/spec/selector/istio')), 'istio: ingressgateway');
  assert.equal(at(originOf(gw, '/kind')), 'kind: Gateway');
  assert.ok(b.inputs.includes(url(join(dir, 'charts/backend/templates/svc.yaml'))));
});

test("a value no template line produced is shown at the template's first line and listed as approximate", () => {
  const tplUri = 'file:///c/templates/cm.yaml';
  const text = '{{- /* a config map */ -}}\n{{ .Values.whole | toYaml }}\n';
  const out = '---\n# Source: c/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n';
  // The only output line is an action: everything comes from it.
  const r1 = core.mapHelmOutput(out, () => ({ uri: tplUri, text }), { uri: 'file:///c/Chart.yaml', start: 0, end: 1 });
  assert.equal(r1.objects.length, 1);
  assert.equal(text.slice(r1.objects[0].origins.get('/kind').start, r1.objects[0].origins.get('/kind').end), '{{ .Values.whole | toYaml }}');
  // No line at all: the first line, flagged.
  const r2 = core.mapHelmOutput(out, () => ({ uri: tplUri, text: '# generated elsewhere\n{{- if true }}\n{{- end }}\n' }), {
    uri: 'file:///c/Chart.yaml',
    start: 0,
    end: 1,
  });
  const o = r2.objects[0];
  assert.deepEqual(o.origins.get('/kind'), { uri: tplUri, start: 0, end: '# generated elsewhere'.length });
  assert.ok(o.approximate.includes('/kind') && o.approximate.includes('/metadata') && o.approximate.includes(''));
  assert.equal(r2.stats.fallback, 4);
  // A template that cannot be read (a packed subchart): shown at Chart.yaml, with a problem.
  const r3 = core.mapHelmOutput(out, () => undefined, { uri: 'file:///c/Chart.yaml', start: 0, end: 12 });
  assert.deepEqual(r3.objects[0].origins.get(''), { uri: 'file:///c/Chart.yaml', start: 0, end: 12 });
  assert.match(r3.problems[0].message, /ConfigMap x, but the file is not in the chart's folder/);
});

test('a failing render is a problem at the template line helm names, never a throw', { skip }, async () => {
  const dir = writeChart('broken', {
    'Chart.yaml': 'apiVersion: v2\nname: broken\nversion: 0.1.0\n',
    'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.missing.name }}\n',
  });
  const b = await render(dir);
  assert.deepEqual(b.objects, []);
  assert.equal(b.problems.length, 1);
  assert.match(b.problems[0].message, /^helm template failed: .*nil pointer/);
  assert.equal(b.problems[0].at.uri, url(join(dir, 'templates/cm.yaml')));
  assert.equal(lineOf(b.problems[0].at), 4);

  const yamlError = writeChart('bad-yaml', {
    'Chart.yaml': 'apiVersion: v2\nname: bad-yaml\nversion: 0.1.0\n',
    'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n b: c\n',
  });
  const y = await render(yamlError);
  assert.match(y.problems[0].message, /YAML parse error on bad-yaml\/templates\/cm.yaml/);
  assert.equal(y.problems[0].at.uri, url(join(yamlError, 'templates/cm.yaml')));
});

test("unmet dependencies fail with helm's message: nothing is fetched", { skip }, async () => {
  const dir = writeChart('with-deps', {
    'Chart.yaml':
      'apiVersion: v2\nname: with-deps\nversion: 0.1.0\ndependencies:\n  - name: redis\n    version: 17.0.0\n    repository: https://charts.example.invalid\n',
    'templates/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n',
  });
  const b = await render(dir);
  assert.deepEqual(b.objects, []);
  assert.match(b.problems[0].message, /missing in charts\/ directory: redis/);
  assert.equal(b.problems[0].at.uri, url(join(dir, 'Chart.yaml')));
});

test('a library chart and a chart without Chart.yaml are problems', { skip }, async () => {
  const lib = writeChart('lib', { 'Chart.yaml': 'apiVersion: v2\nname: lib\ntype: library\nversion: 0.1.0\n' });
  assert.match((await render(lib)).problems[0].message, /library chart/);
  const none = writeChart('none', { 'values.yaml': 'a: 1\n' });
  assert.match((await render(none)).problems[0].message, /Chart\.yaml cannot be read/);
});

test('a helm that cannot be run is a problem, not a throw', async () => {
  const b = await new node.HelmRenderer({ command: join(tmp, 'no-such-helm') }).render({ kind: 'helm', root: dirUrl(chart), values: [] });
  assert.deepEqual(b.objects, []);
  assert.match(b.problems[0].message, /^helm could not be run .*no-such-helm.*ENOENT/);
});

test('the time bound: a helm that does not finish is killed with what it started, and the build says so', {
  skip: process.platform === 'win32' ? 'a POSIX shell script stands in for helm' : false,
}, async () => {
  const pids = join(tmp, 'slow.pids');
  const script = join(tmp, 'slow-helm.sh');
  // It starts a child (as a plugin or a post-renderer could) and waits for it.
  writeFileSync(script, `#!/bin/sh\nsleep 300 &\necho "$$ $!" > "${pids}"\nwait\n`);
  chmodSync(script, 0o755);
  const b = await new node.HelmRenderer({ command: script, timeoutMs: 1000 }).render({ kind: 'helm', root: dirUrl(chart), values: [] });
  assert.deepEqual(b.objects, []);
  assert.match(b.problems[0].message, /^helm template did not finish within 1 s and was stopped/);
  assert.equal(b.problems[0].at.uri, url(join(chart, 'Chart.yaml')));
  const [shell, child] = readFileSync(pids, 'utf8').trim().split(' ').map(Number);
  // Both are gone (or dead and waiting to be reaped): poll /proc until the kernel has finished them.
  const alive = (pid) => {
    try {
      return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  };
  if (existsSync('/proc/self/stat')) {
    for (let i = 0; i < 500 && (alive(shell) || alive(child)); i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(alive(shell), false, 'the helm process is killed');
    assert.equal(alive(child), false, 'the process it started is killed');
  }
});

test('chooseHelm: off with --no-helm, never in an untrusted workspace, the configured command, else helm on PATH', () => {
  const bin = join(tmp, 'bin');
  mkdirSync(bin, { recursive: true });
  const fake = join(bin, 'helm');
  writeFileSync(fake, '#!/bin/sh\nexit 0\n');
  chmodSync(fake, 0o755);
  const env = { PATH: bin };
  assert.deepEqual(node.chooseHelm({ env }), { command: fake });
  assert.deepEqual(node.chooseHelm({ env, trusted: true }), { command: fake });
  assert.match(node.chooseHelm({ env, trusted: false }).reason, /only in a trusted workspace/);
  assert.match(node.chooseHelm({ env, trusted: false, command: fake }).reason, /only in a trusted workspace/);
  assert.match(node.chooseHelm({ env, disabled: true }).reason, /--no-helm/);
  assert.deepEqual(node.chooseHelm({ env: { PATH: '' }, command: fake }), { command: fake });
  assert.deepEqual(node.chooseHelm({ env: { PATH: bin }, command: 'helm' }), { command: fake });
  assert.match(node.chooseHelm({ env, command: join(tmp, 'missing/helm') }).reason, /"[^"]*missing\/helm" \(meshLsp\.helmCommand or --helm\) was not found/);
  const none = node.chooseHelm({ env: { PATH: join(tmp, 'empty') } });
  assert.match(none.reason, /install helm, or set meshLsp\.helmCommand \(meshlint: --helm <path>\)/);
  // A file that is not executable is not a helm.
  const plain = join(bin, 'not-exec');
  writeFileSync(plain, 'x');
  chmodSync(plain, 0o644);
  if (process.platform !== 'win32') assert.ok('reason' in node.chooseHelm({ env, command: plain }));
});

test('releaseName: a name helm accepts', () => {
  assert.equal(node.releaseName('reviews'), 'reviews');
  assert.equal(node.releaseName('My_Chart.v2'), 'my-chart-v2');
  assert.equal(node.releaseName('9lives'), 'release');
  assert.equal(node.releaseName(undefined), 'release');
  assert.equal(node.releaseName('a'.repeat(80)).length, 53);
});

// Every chart of the field corpus renders, or fails with a clear problem; every origin points into
// a file of its chart, inside that file's text.
const field = join(root, '..', 'shared', 'corpus', 'field');
const fieldCharts = [];
const collect = (d, depth) => {
  if (depth > 8) return;
  let entries;
  try {
    entries = readdirSync(d, { withFileTypes: true });
  } catch {
    return;
  }
  if (entries.some((e) => e.name === 'Chart.yaml' && e.isFile())) fieldCharts.push(d);
  for (const e of entries) if (e.isDirectory() && e.name !== '.git' && e.name !== 'node_modules') collect(join(d, e.name), depth + 1);
};
if (existsSync(field)) collect(field, 0);
const fieldSkip = skip || (fieldCharts.length ? false : `no charts under ${field}`);
if (!skip && fieldSkip) console.log(`# SKIP ${fieldSkip}`);

test('the charts of the field corpus render (or fail with a clear problem), every origin inside a file of the chart', { skip: fieldSkip }, async () => {
  const totals = { exact: 0, emitted: 0, inherited: 0, fallback: 0 };
  let rendered = 0;
  const discovered = core.discoverCharts(fieldCharts.flatMap((d) => readdirSync(d, { recursive: true }).map((f) => url(join(d, String(f))))));
  // Every chart is a build (none of these is another's subchart).
  assert.deepEqual(
    discovered
      .filter((r) => !r.values.length)
      .map((r) => r.root)
      .sort(),
    fieldCharts.map((d) => dirUrl(d)).sort(),
  );
  // Each chart with its values.yaml, and with the first further values file it keeps (all 48 builds would take long).
  const requests = discovered.filter((r, i) => r.values.length === 0 || discovered[i - 1].values.length === 0);
  for (const req of requests) {
    const b = await new node.HelmRenderer({ command: real.helm, timeoutMs: 60_000 }).render(req);
    const name =
      relative(field, fileURLToPath(req.root)) +
      (req.values.length ? ` + ${req.values.map((v) => relative(fileURLToPath(req.root), fileURLToPath(v))).join(', ')}` : '');
    // The one chart whose templates all iterate over lists its default values leave empty renders nothing.
    if (!b.objects.length && !b.problems.length) assert.equal(name, 'istio__istio/samples/ambient-argo/tag-chart', `${name}: objects or a problem`);
    for (const p of b.problems) {
      assert.match(p.message, /\S/);
      if (p.at) assert.ok(p.at.uri.startsWith(req.root), `${name}: problem inside the chart`);
    }
    if (b.objects.length) rendered++;
    const counts = { exact: 0, emitted: 0, inherited: 0, fallback: 0 };
    for (const o of b.objects) {
      assert.ok(o.origins.has(''), `${name}: a root origin`);
      for (const [ptr, ref] of o.origins) {
        assert.ok(ref.uri.startsWith(req.root), `${name} ${ptr}: ${ref.uri} is in the chart`);
        const text = textOf(ref.uri);
        assert.ok(ref.start >= 0 && ref.start <= ref.end && ref.end <= text.length, `${name} ${ptr}: range inside ${ref.uri}`);
      }
      // A value without an origin of its own shows at its parent's: count it as the parent's kind
      // when that is an action line that emits the whole subtree (toYaml, include).
      const walk = (v, ptr, parentEmits) => {
        const kids = Array.isArray(v)
          ? v.map((x, i) => [x, `${ptr}/${i}`])
          : v && typeof v === 'object'
            ? Object.entries(v).map(([k, x]) => [x, `${ptr}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`])
            : [];
        for (const [x, p] of kids) {
          const ref = o.origins.get(p);
          let emits = parentEmits;
          if (!ref) counts[parentEmits ? 'emitted' : 'inherited']++;
          else if (o.approximate?.includes(p)) counts.fallback++;
          else if (at(ref).startsWith('{{')) {
            counts.emitted++;
            emits = true;
          } else {
            counts.exact++;
            emits = false;
            // A key's own line holds that key (literally, quoted, or as an action).
            const key = p
              .slice(p.lastIndexOf('/') + 1)
              .replace(/~1/g, '/')
              .replace(/~0/g, '~');
            if (!Array.isArray(v)) assert.ok(/^["']?\{\{/.test(at(ref)) || at(ref).replace(/^["']/, '').startsWith(key), `${name} ${p}: ${at(ref)}`);
          }
          walk(x, p, emits);
        }
      };
      walk(o.value, '', false);
    }
    for (const k of Object.keys(totals)) totals[k] += counts[k];
    console.log(
      `${name}: ${b.objects.length} objects${b.problems.length ? `, problem: ${b.problems[0].message.slice(0, 140)}` : ''}; values on their own line ${counts.exact}, on the action line that emits them ${counts.emitted}, at the parent's line ${counts.inherited}, at the template's first line ${counts.fallback}`,
    );
  }
  const all = totals.exact + totals.emitted + totals.inherited + totals.fallback;
  console.log(
    `field charts: ${rendered} of ${requests.length} builds rendered; of ${all} values, ${totals.exact} mapped to their own line, ${totals.emitted} to the action line that emits them, ${totals.inherited} to the parent's line, ${totals.fallback} to the template's first line`,
  );
  // Two copies of one chart fail in helm itself (templates/remote-secret.yaml is not YAML), one renders nothing.
  assert.ok(rendered >= requests.length - 3, 'all other charts render');
  assert.ok(requests.length > fieldCharts.length, 'values files of the repositories are builds too');
  assert.ok(totals.exact / all > 0.8, 'most values map to their own line');
  assert.ok(totals.fallback / all < 0.01, 'almost no value falls back to the first line');
});

test('meshlint --helm / --no-helm: a --helm that cannot be run, or both flags, is a usage error (exit 2)', () => {
  const cli = (args) => spawnSync(process.execPath, [join(root, 'bin/meshlint.js'), ...args, join(chart, 'values.yaml')], { encoding: 'utf8' });
  let r = cli(['--helm', join(tmp, 'no-such-helm')]);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /--helm .*no-such-helm: not found or not executable/);
  r = cli(['--helm', 'helm', '--no-helm']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /give --helm or --no-helm, not both/);
  r = cli(['--no-helm']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(cli(['--help']).stdout, /--helm <path>[\s\S]*--no-helm/);
});

test('a key in alternative branches maps to the branch whose block holds the rendered children', () => {
  const uri = 'file:///c/templates/pod.yaml';
  const text = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: p',
    '  {{- if .Values.a }}',
    '  labels:',
    '    {{- include "x.labels" . | nindent 4 }}',
    '  {{- else }}',
    '  labels:',
    '    app: p',
    '  {{- end }}',
    'spec:',
    '  containers:',
    '    - name: c',
    '      {{- if .Values.pg }}',
    '      args:',
    '        - --db=postgres',
    '        - --port=$(PORT)',
    '      {{- else }}',
    '      args:',
    '        - --db=mysql',
    '        - --port={{ .Values.port }}',
    '      {{- end }}',
    '',
  ].join('\n');
  const out =
    '---\n# Source: c/templates/pod.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    app: p\n    team: x\nspec:\n  containers:\n    - name: c\n      args:\n        - --db=mysql\n        - --port=8080\n';
  const { objects } = core.mapHelmOutput(out, () => ({ uri, text }), { uri: 'file:///c/Chart.yaml', start: 0, end: 1 });
  const o = objects[0];
  const line = (ptr) => text.slice(0, o.origins.get(ptr).start).split('\n').length;
  const show = (ptr) => text.slice(o.origins.get(ptr).start, o.origins.get(ptr).end);
  assert.equal(line('/metadata/labels'), 6);
  assert.equal(show('/metadata/labels/app'), '{{- include "x.labels" . | nindent 4 }}');
  assert.equal(line('/spec/containers/0/args'), 20);
  assert.equal(show('/spec/containers/0/args/0'), '--db=mysql');
  assert.equal(show('/spec/containers/0/args/1'), '--port={{ .Values.port }}');
});

test('discoverChartsOnDisk: the values files beside a Chart.yaml come from the disk (an index of manifests does not hold them)', () => {
  const indexed = [url(join(chart, 'Chart.yaml')), url(join(chart, 'templates/virtualservice.yaml'))];
  assert.deepEqual(
    node.discoverChartsOnDisk(indexed).map((r) => [r.root, r.values.map((v) => relative(chart, fileURLToPath(v)))]),
    [
      [dirUrl(chart), []],
      [dirUrl(chart), ['ci/smoke-values.yaml']],
      [dirUrl(chart), ['values-prod.yaml']],
    ],
  );
});

test('renders queue: no more helm processes at once than the concurrency', {
  skip: process.platform === 'win32' ? 'a POSIX shell script stands in for helm' : false,
}, async () => {
  const log = join(tmp, 'queue.log');
  const script = join(tmp, 'queue-helm.sh');
  writeFileSync(script, `#!/bin/sh\necho start >> "${log}"\nsleep 0.1\necho end >> "${log}"\n`);
  chmodSync(script, 0o755);
  const r = new node.HelmRenderer({ command: script, concurrency: 1 });
  const builds = await Promise.all([1, 2, 3].map(() => r.render({ kind: 'helm', root: dirUrl(chart), values: [] })));
  assert.deepEqual(
    builds.map((b) => [b.objects.length, b.problems.length]),
    [
      [0, 0],
      [0, 0],
      [0, 0],
    ],
  );
  assert.deepEqual(readFileSync(log, 'utf8').trim().split('\n'), ['start', 'end', 'start', 'end', 'start', 'end']);
});

test('mapHelmOutput: odd output and odd templates give objects or problems, never a throw', () => {
  const chartRef = { uri: 'file:///c/Chart.yaml', start: 0, end: 1 };
  const cases = [
    ['', 'x: 1\n'],
    ['---\n# Source: c/templates/a.yaml\n# only a comment\n', 'x: 1\n'],
    ['---\n# Source: c/templates/a.yaml\njust a string\n', 'x: 1\n'],
    ['---\n# Source: c/templates/a.yaml\n- a\n- b\n', '- a\n'],
    ['---\n# Source: c/templates/a.yaml\na: &x [1]\nb: *x\nc: {d: [e, {f: g}]}\n', 'a: {{ oops\r\nb: }}\r\n'],
    ['---\n# Source: c/templates/a.yaml\nkind: X\nmetadata:\n  name: n\n', '{{ unclosed\nkind: X\n- - -\n"": :\n'],
    ['---\n# Source: c/templates/a.yaml\n"a/b~c": 1\n', '"a/b~c": {{ .Values.x }}\n'],
  ];
  const found = cases.map(([out, text]) => core.mapHelmOutput(out, () => ({ uri: 'file:///c/templates/a.yaml', text }), chartRef));
  assert.deepEqual(
    found.map((r) => r.objects.length),
    [0, 0, 0, 0, 1, 1, 1],
  );
  for (const r of found)
    for (const o of r.objects) {
      assert.ok(o.origins.has(''));
      for (const ref of o.origins.values()) assert.ok(ref.start >= 0 && ref.start <= ref.end);
    }
  // A key with / and ~ is escaped in its pointer (RFC 6901) and found on its line.
  assert.equal(found[6].objects[0].origins.get('/a~1b~0c').start, 0);
});

test("helmOptions: --helm is relative to the working directory, the helmCommand setting to its settings file's folder", () => {
  const project = join(tmp, 'project');
  mkdirSync(join(project, 'tools'), { recursive: true });
  const fake = join(project, 'tools', 'helm');
  writeFileSync(fake, '#!/bin/sh\nexit 0\n');
  chmodSync(fake, 0o755);
  const env = { PATH: join(tmp, 'empty') };
  assert.equal(cliHelm.helmOptions({}, { helmCommand: './tools/helm' }, { cwd: tmp, configDir: project }, env).renderer.command, fake);
  assert.equal(cliHelm.helmOptions({ helm: 'tools/helm' }, {}, { cwd: project }, env).renderer.command, fake);
  // A setting that cannot be run leaves charts unrendered with the reason; the same as --helm is a usage error.
  const unset = cliHelm.helmOptions({}, { helmCommand: './tools/helm' }, { cwd: tmp }, env);
  assert.equal(unset.renderer, undefined);
  assert.match(unset.reason, /tools\/helm" \(meshLsp\.helmCommand or --helm\) was not found/);
  assert.throws(() => cliHelm.helmOptions({ helm: './tools/helm' }, {}, { cwd: tmp }, env), /not found or not executable/);
  assert.match(cliHelm.helmOptions({}, {}, { cwd: tmp }, env).reason, /install helm/);
  assert.match(cliHelm.helmOptions({ 'no-helm': true }, { helmCommand: fake }, { cwd: tmp }, env).reason, /--no-helm/);
});

test('a helm without --skip-tests (before 3.7) renders on a second run without it', {
  skip: process.platform === 'win32' ? 'a POSIX shell script stands in for helm' : false,
}, async () => {
  const script = join(tmp, 'old-helm.sh');
  // Like helm 3.6: --skip-tests is unknown; otherwise it prints one document.
  writeFileSync(
    script,
    `#!/bin/sh\nfor a in "$@"; do [ "$a" = --skip-tests ] && { echo 'Error: unknown flag: --skip-tests' >&2; exit 1; }; done\nprintf -- '---\\n# Source: reviews/templates/destinationrule.yaml\\napiVersion: networking.istio.io/v1\\nkind: DestinationRule\\nmetadata:\\n  name: reviews\\n'\n`,
  );
  chmodSync(script, 0o755);
  const b = await new node.HelmRenderer({ command: script }).render({ kind: 'helm', root: dirUrl(chart), values: [] });
  assert.deepEqual(b.problems, []);
  assert.equal(b.objects[0].value.kind, 'DestinationRule');
  assert.equal(at(originOf(b.objects[0], '/metadata/name')), 'name: {{ .Values.service }}');
});
