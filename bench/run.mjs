// Core benchmark (npm run bench): a full `meshlint` run over generated workspaces against the bare
// `yaml` parse of the same files, as whole processes, several runs each, in the same run; plus an
// in-process phase breakdown. Figures are ratios against the baseline measured here and now.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generate } from './gen.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'bench/out');
mkdirSync(out, { recursive: true });
// MESHLINT_BIN: the meshlint to time (default: this checkout's).
const BIN = process.env.MESHLINT_BIN ?? join(root, 'bin/meshlint.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// The commands compared are run in turn (a, b, c, a, b, c, …) after one warm-up round, so that a
// machine shared with other work slows them alike; each figure is the median of RUNS runs.
// Wall time and CPU time (user + system of the process itself, see bench/cpu.cjs) are both kept.
function timeAll(list) {
  const t = list.map(() => []);
  const cpu = list.map(() => []);
  for (let i = -1; i < RUNS; i++) {
    list.forEach((args, j) => {
      const s = process.hrtime.bigint();
      const r = spawnSync(process.execPath, ['-r', join(root, 'bench/cpu.cjs'), ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
      if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
      if (i < 0) return;
      t[j].push(Number(process.hrtime.bigint() - s) / 1e6);
      cpu[j].push(Number(/@@cpu-ms ([\d.]+)/.exec(r.stderr)?.[1] ?? NaN));
    });
  }
  lastCpu = cpu.map(median);
  return t.map(median);
}
let lastCpu = [];

function walk(dir, acc = []) {
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p, acc);
    else if (/\.ya?ml$/.test(p)) acc.push(p);
  }
  return acc;
}

function phases(dir, settings) {
  const svc = createRequire(import.meta.url)(join(root, 'dist/service.js'));
  const t0 = performance.now();
  const files = walk(dir).map((p) => [pathToFileURL(p).href, readFileSync(p, 'utf8')]);
  const t1 = performance.now();
  const ws = svc.createWorkspace(settings);
  for (const [u, t] of files) ws.setFile(u, t);
  const t2 = performance.now();
  let n = 0;
  for (const [u] of files) n += ws.diagnostics(u).length;
  const t3 = performance.now();
  return { read: t1 - t0, parseIndex: t2 - t1, rules: t3 - t2, findings: n };
}

// BENCH_ONLY=cli100: only the CLI row of 10,000 resources in 100 files (the issue's target).
const ONLY = process.env.BENCH_ONLY;
// Start-up: `meshlint examples/` against a bare `yaml` parse of the same files (both whole processes).
const examples = join(root, 'examples');
const [startNode, startParse, startLint] =
  ONLY === 'cli100'
    ? [NaN, NaN, NaN]
    : timeAll([
        ['-e', '0'],
        [join(root, 'bench/parse-only.mjs'), examples],
        [BIN, examples],
      ]);
const startCpu = lastCpu;
if (ONLY !== 'cli100')
  console.log(
    `start-up (examples/): node -e 0 ${startNode.toFixed(0)} ms · yaml parse ${startParse.toFixed(0)} ms · meshlint ${startLint.toFixed(0)} ms (ratio to bare parse ${(startLint / startParse).toFixed(2)}, to empty node ${(startLint / startNode).toFixed(2)}) · CPU ${startCpu.map((x) => x.toFixed(0)).join(' / ')} ms (ratio to bare parse ${(startCpu[2] / startCpu[1]).toFixed(2)})`,
  );
if (process.env.BENCH_ONLY === 'startup') process.exit(0);

// A real repository with builds: kubeflow/manifests (about 50 Kustomize builds over 600 files) from
// the field corpus, Helm rendering excluded, against a bare `yaml` parse of the same files. With
// BENCH_BASELINE_BIN=<another checkout>/bin/meshlint.js, that build is timed in the same rounds.
const kubeflow = join(root, '..', 'shared', 'corpus', 'field', 'kubeflow__manifests');
let kubeflowRow;
if (ONLY === 'cli100') {
} else if (existsSync(kubeflow)) {
  const base = process.env.BENCH_BASELINE_BIN;
  const cmds = [
    [join(root, 'bench/parse-only.mjs'), kubeflow],
    [BIN, '--no-helm', '--no-ignore', '--format', 'json', kubeflow],
    ...(base ? [[base, '--no-ignore', '--format', 'json', kubeflow]] : []),
  ];
  const t = timeAll(cmds);
  const cpu = lastCpu;
  kubeflowRow = { parse: t[0], meshlint: t[1], baseline: t[2], cpu };
  console.log(
    `kubeflow/manifests (builds modelled, no helm): yaml parse ${t[0].toFixed(0)} ms · meshlint ${t[1].toFixed(0)} ms (ratio ${(t[1] / t[0]).toFixed(2)}, CPU ratio ${(cpu[1] / cpu[0]).toFixed(2)})${base ? ` · baseline build ${t[2].toFixed(0)} ms (ratio ${(t[2] / t[0]).toFixed(2)}, CPU ratio ${(cpu[2] / cpu[0]).toFixed(2)}; this build / baseline: wall ${(t[1] / t[2]).toFixed(2)}, CPU ${(cpu[1] / cpu[2]).toFixed(2)})` : ''}`,
  );
} else console.log(`kubeflow/manifests: skipped, ${kubeflow} is absent`);
if (process.env.BENCH_ONLY === 'kubeflow') process.exit(0);

const rows = [];
const cfgOff = join(out, 'schema-off.json');
writeFileSync(cfgOff, JSON.stringify({ schemaValidation: false }));
const ROWS = [
  [1000, 'repo'],
  [10000, 'repo'],
  [10000, 'files:100'],
  [10000, 'single'],
  // --jobs on a larger input (15 MiB): where threads pay on 2 cores.
  [40000, 'files:400'],
];
// BENCH_ONLY=jobs: only the 40,000-resource row.
const picked = ONLY === 'cli100' ? ROWS.filter(([, l]) => l === 'files:100') : ONLY === 'jobs' ? ROWS.filter(([n]) => n === 40000) : ROWS;
for (const [n, layout] of picked) {
  const dir = join(out, `ws-${n}-${layout}`);
  const info = generate(dir, n, layout);
  // bench/out is git-ignored: --no-ignore makes meshlint read every file the bare parse reads.
  // With BENCH_BASELINE_BIN, that build too (schema validation on), in the same rounds.
  const base = process.env.BENCH_BASELINE_BIN;
  // --jobs 1 and --jobs 2 (the default picks by size: both are named). Schema validation on, as by default.
  const [parse, lintOff, lintOn, jobs2, baseline] = timeAll([
    [join(root, 'bench/parse-only.mjs'), dir],
    [BIN, '--format', 'json', '--no-ignore', '--jobs', '1', '--config', cfgOff, dir],
    [BIN, '--format', 'json', '--no-ignore', '--jobs', '1', dir],
    [BIN, '--format', 'json', '--no-ignore', '--jobs', '2', dir],
    ...(base ? [[base, '--format', 'json', '--no-ignore', dir]] : []),
  ]);
  const cpu = lastCpu;
  const ph = phases(dir, { schemaValidation: false });
  const phOn = phases(dir, {});
  rows.push({
    n,
    layout,
    files: info.files,
    resources: info.resources,
    parse,
    lintOff,
    lintOn,
    jobs2,
    baseline,
    cpu: { parse: cpu[0], lintOff: cpu[1], lintOn: cpu[2], jobs2: cpu[3], baseline: cpu[4] },
    ph,
    phOn,
  });
  console.log(
    `N=${info.resources} ${layout} (${info.files} files): yaml parse ${parse.toFixed(0)} ms · meshlint ${lintOff.toFixed(0)} ms (ratio ${(lintOff / parse).toFixed(2)}) · with schema validation ${lintOn.toFixed(0)} ms (ratio ${(lintOn / parse).toFixed(2)}) · CPU ratios ${(cpu[1] / cpu[0]).toFixed(2)} / ${(cpu[2] / cpu[0]).toFixed(2)} · --jobs 2 ${jobs2.toFixed(0)} ms (ratio ${(jobs2 / parse).toFixed(2)}; to --jobs 1 ${(jobs2 / lintOn).toFixed(2)}; CPU ratio ${(cpu[3] / cpu[0]).toFixed(2)})`,
  );
  if (base)
    console.log(
      `   baseline build ${baseline.toFixed(0)} ms (ratio ${(baseline / parse).toFixed(2)}, CPU ratio ${(cpu[4] / cpu[0]).toFixed(2)}; this build / baseline: wall ${(lintOn / baseline).toFixed(2)}, CPU ${(cpu[2] / cpu[4]).toFixed(2)})`,
    );
  console.log(
    `   in process: read ${ph.read.toFixed(0)} ms, parse+index ${ph.parseIndex.toFixed(0)} ms, rules ${ph.rules.toFixed(0)} ms (schema on: rules ${phOn.rules.toFixed(0)} ms), ${ph.findings} findings`,
  );
}
writeFileSync(
  join(out, 'core.json'),
  JSON.stringify(
    { node: process.version, runs: RUNS, startup: { node: startNode, parse: startParse, meshlint: startLint, cpu: startCpu }, kubeflow: kubeflowRow, rows },
    null,
    2,
  ),
);
