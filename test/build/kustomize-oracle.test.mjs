// The Kustomize build model against the real tool: every kustomization root of the field corpus
// (../shared/corpus/field) is built by the model and by `kubectl kustomize`, and every object's
// kind, namespace, name, labels, selectors, template labels, ports (Service and container), hosts,
// subsets, servers and route destinations are compared. Every remaining difference, and every root
// kubectl itself cannot build, is listed with its reason in kustomize-expected.json: the test fails
// on a difference not listed there and on a listed one that no longer occurs.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { root, svc } from '../helpers.mjs';
import { renderers } from '../renderers.mjs';

const CORPUS = join(root, '..', 'shared', 'corpus', 'field');
const EXPECTED = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'kustomize-expected.json'), 'utf8'));
const PARALLEL = 2;

function walk(dir, out) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === '.git' || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.ya?ml$/i.test(e.name) || e.name === 'Kustomization') out.push(p);
  }
  return out;
}

/** Files read on demand, as the workspace holds them (YAML), and other texts (generator inputs). */
function sources() {
  const entries = new Map();
  const file = (uri) => {
    if (!entries.has(uri)) {
      const p = fileURLToPath(uri);
      let entry;
      if (/(\.ya?ml|\/Kustomization)$/i.test(p) && existsSync(p) && statSync(p).isFile()) entry = svc.readEntry(uri, readFileSync(p, 'utf8'));
      entries.set(uri, entry);
    }
    return entries.get(uri);
  };
  const text = (uri) => {
    const p = fileURLToPath(uri);
    return existsSync(p) && statSync(p).isFile() ? readFileSync(p, 'utf8') : undefined;
  };
  return { file, text };
}

const sortKeys = (v) => JSON.stringify(v, (_, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort()) : x));
const keyOf = (o) => `${o.kind}|${o.metadata?.namespace ?? ''}|${o.metadata?.name ?? ''}`;

/** The compared fields of an object. */
function fields(o) {
  const s = o.spec ?? {};
  return {
    labels: o.metadata?.labels ?? {},
    selector: s.selector ?? null,
    templateLabels: s.template?.metadata?.labels ?? null,
    ports: s.ports ?? null,
    containerPorts: (s.template?.spec?.containers ?? []).map((c) => c.ports ?? null),
    hosts: s.hosts ?? null,
    subsets: s.subsets ?? null,
    servers: s.servers ?? null,
    destinations: (s.http ?? []).map((h) => (h.route ?? []).map((r) => r.destination)),
  };
}

/** kubectl's error, without the corpus path and with its evalsymlink detail cut. */
function firstError(text) {
  const line = text.split('\n').find((l) => l.startsWith('error:')) ?? text.trim().split('\n').pop();
  return line
    .replaceAll(CORPUS, '<corpus>')
    .replace(/: evalsymlink failure.*$/, '')
    .slice(0, 300);
}

function kubectl(bin, dir) {
  return new Promise((resolve) =>
    execFile(bin, ['kustomize', dir], { maxBuffer: 1 << 28, timeout: 120_000 }, (err, stdout, stderr) =>
      resolve(err ? { error: firstError(stderr || String(err.message)) } : { stdout }),
    ),
  );
}

function differences(build, stdout) {
  const out = [];
  const real = new Map();
  for (const d of parseAllDocuments(stdout)) {
    const o = d.toJSON();
    if (o) real.set(keyOf(o), o);
  }
  const mine = new Map(build.objects.map((o) => [keyOf(o.value), o.value]));
  for (const k of real.keys()) if (!mine.has(k)) out.push(`missing ${k}`);
  for (const k of mine.keys()) if (!real.has(k)) out.push(`extra ${k}`);
  for (const [k, o] of real) {
    const m = mine.get(k);
    if (!m) continue;
    const a = fields(o);
    const b = fields(m);
    for (const f of Object.keys(a)) if (sortKeys(a[f]) !== sortKeys(b[f])) out.push(`${k} ${f}: kubectl ${sortKeys(a[f])}, model ${sortKeys(b[f])}`);
  }
  return out;
}

const r = existsSync(CORPUS) ? renderers() : { skip: `the field corpus is not at ${CORPUS}` };
if (r.skip) console.log(`# SKIP kustomize oracle: ${r.skip}`);

test('the Kustomize model builds every field kustomization root as kubectl kustomize does', { skip: r.skip, timeout: 1_800_000 }, async () => {
  const { file, text } = sources();
  const all = walk(CORPUS, []).map((p) => pathToFileURL(p).href);
  const roots = svc.kustomizeRoots(
    all.filter((u) => /\/(kustomization\.ya?ml|Kustomization)$/.test(u)),
    file,
  );
  assert.ok(roots.length > 50, `only ${roots.length} roots found`);
  const rel = (u) =>
    fileURLToPath(u)
      .slice(CORPUS.length + 1)
      .replace(/\/[^/]+$/, '');
  const failures = {};
  const diffs = {};
  const remote = {};
  let next = 0;
  const worker = async () => {
    while (next < roots.length) {
      const uri = roots[next++];
      const build = svc.buildKustomization(uri, file, text);
      // Remote bases would need the network: kubectl is not run on them; the model must name them.
      const remoteBase = build.problems.find((p) => p.message.startsWith('remote base'));
      if (remoteBase) {
        remote[rel(uri)] = remoteBase.message;
        continue;
      }
      const res = await kubectl(r.kubectl, dirname(fileURLToPath(uri)));
      if (res.error !== undefined) failures[rel(uri)] = { error: res.error, problems: build.problems.map((p) => p.message) };
      else {
        const d = differences(build, res.stdout);
        if (d.length) diffs[rel(uri)] = d;
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));

  const problems = [];
  for (const [root, f] of Object.entries(failures)) {
    if (!EXPECTED.kubectlFails[root]) problems.push(`kubectl fails on ${root} (not listed): ${f.error}`);
    // Where kubectl cannot build, the model must say why rather than build silently.
    if (!f.problems.length) problems.push(`kubectl fails on ${root} but the model reports no problem: ${f.error}`);
  }
  for (const root of Object.keys(EXPECTED.kubectlFails)) if (!failures[root]) problems.push(`listed kubectl failure no longer occurs: ${root}`);
  for (const root of Object.keys(remote)) if (!EXPECTED.remote[root]) problems.push(`${root} has a remote base (not listed): ${remote[root]}`);
  for (const root of Object.keys(EXPECTED.remote)) if (!remote[root]) problems.push(`listed remote-base root no longer has one: ${root}`);
  for (const [root, list] of Object.entries(diffs)) {
    const known = new Set((EXPECTED.differences[root] ?? []).map((d) => d.difference));
    for (const d of list) if (!known.has(d)) problems.push(`${root}: ${d}`);
  }
  for (const [root, list] of Object.entries(EXPECTED.differences)) {
    for (const d of list) if (!diffs[root]?.includes(d.difference)) problems.push(`listed difference no longer occurs: ${root}: ${d.difference}`);
  }
  console.log(
    `# ${roots.length} roots: ${Object.keys(remote).length} with remote bases, ${Object.keys(failures).length} kubectl cannot build, ${Object.keys(diffs).length} with listed differences`,
  );
  if (process.env.KUSTOMIZE_ORACLE_DUMP) writeFileSync(process.env.KUSTOMIZE_ORACLE_DUMP, JSON.stringify({ remote, failures, diffs }, null, 2));
  assert.deepEqual(problems, []);
});
