#!/usr/bin/env node
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
// `npm run fuzz -- --runs N --seed S`: structure-aware fuzzing of the analysis core (see
// scripts/fuzz/core.mjs for the mutations and the properties). Input i is generated from seed
// S + i, so any input is reproducible alone: `npm run fuzz -- --seed S --from i --runs 1`.
// The inputs run in a worker thread; the main thread is a watchdog: an input that makes no
// progress for --hang-ms is recorded as a hang and the worker is restarted after it.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { checkFiles, inputArb, loadCore, loadCorpus, materialize, root, saveFailure } from './fuzz/core.mjs';

if (isMainThread) {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '20261126' },
      from: { type: 'string', default: '0' },
      'hang-ms': { type: 'string', default: '60000' },
      'time-base': { type: 'string', default: '2000' },
      out: { type: 'string', default: join(root, '.fuzz') },
      'no-shared': { type: 'boolean' },
      json: { type: 'string' },
      quiet: { type: 'boolean' },
      workers: { type: 'string', default: '1' },
      'max-seconds': { type: 'string', default: '0' },
    },
  });
  const runs = Number(values.runs);
  const seed = Number(values.seed);
  const hangMs = Number(values['hang-ms']);
  const end = Number(values.from) + runs;
  const started = Date.now();
  const counts = { inputs: 0, withProblems: 0, hangs: 0, byKind: {} };
  const failures = [];
  const workers = Math.max(1, Number(values.workers));
  const maxSeconds = Number(values['max-seconds']);
  const deadline = maxSeconds > 0 ? started + maxSeconds * 1000 : Infinity;
  let corpusInfo;
  let stoppedByTime = false;

  const record = (index, problems) => {
    counts.inputs++;
    if (!problems.length) return;
    counts.withProblems++;
    for (const p of problems) counts.byKind[p.kind] = (counts.byKind[p.kind] ?? 0) + 1;
    failures.push({ index, seed: seed + index, problems });
    if (!values.quiet) console.log(`input ${index} (seed ${seed + index}): ${problems.map((p) => `${p.kind}: ${p.detail.split('\n')[0]}`).join('; ')}`);
  };

  // Lane k runs the inputs i = from + k, from + k + workers, ...
  const lane = async (k) => {
    let next = Number(values.from) + k;
    while (next < end && Date.now() < deadline) {
      await new Promise((resolve) => {
        const w = new Worker(fileURLToPath(import.meta.url), {
          workerData: {
            from: next,
            end,
            stride: workers,
            seed,
            shared: !values['no-shared'],
            timeBase: Number(values['time-base']),
            out: values.out,
            deadline,
          },
        });
        let current = next;
        let last = Date.now();
        let hung = false;
        const timer = setInterval(() => {
          if (Date.now() - last > hangMs) {
            hung = true;
            clearInterval(timer);
            counts.hangs++;
            record(current, [{ kind: 'hang', detail: `no progress for ${hangMs} ms` }]);
            next = current + workers;
            w.terminate();
          }
        }, 1000);
        w.on('message', (m) => {
          last = Date.now();
          if (m.type === 'corpus') corpusInfo = m;
          else if (m.type === 'start') current = m.index;
          else if (m.type === 'done') {
            record(m.index, m.problems);
            next = m.index + workers;
            if (!values.quiet && counts.inputs % 1000 === 0)
              console.log(`# ${counts.inputs}/${runs} inputs, ${counts.withProblems} with problems, ${((Date.now() - started) / 1000).toFixed(0)} s`);
          } else if (m.type === 'deadline') stoppedByTime = true;
        });
        w.on('error', (e) => {
          record(current, [{ kind: 'worker-error', detail: String(e?.stack ?? e) }]);
          next = current + workers;
        });
        w.on('exit', () => {
          clearInterval(timer);
          if (!hung && next <= current && Date.now() >= deadline) stoppedByTime = true;
          resolve();
        });
      });
    }
    if (next < end) stoppedByTime = true;
  };
  await Promise.all(Array.from({ length: workers }, (_, k) => lane(k)));
  const summary = {
    requested: runs,
    runs: counts.inputs,
    stoppedByTime,
    workers,
    seed,
    from: Number(values.from),
    corpusFiles: corpusInfo?.files,
    sharedCorpus: corpusInfo?.usedShared,
    seconds: Math.round((Date.now() - started) / 1000),
    inputsWithProblems: counts.withProblems,
    hangs: counts.hangs,
    problems: counts.byKind,
    failures: failures.slice(0, 50),
  };
  console.log(JSON.stringify({ ...summary, failures: summary.failures.length }, null, 2));
  if (values.json) writeFileSync(values.json, JSON.stringify(summary, null, 2));
  process.exitCode = counts.withProblems ? 1 : 0;
} else {
  const { from, end, stride, seed, shared, timeBase, out, deadline } = workerData;
  const core = await loadCore();
  const { files: corpus, usedShared } = loadCorpus({ shared });
  parentPort.postMessage({ type: 'corpus', files: corpus.length, usedShared });
  const arb = inputArb(corpus);
  let saved = 0;
  for (let i = from; i < end; i += stride) {
    if (Date.now() >= deadline) {
      parentPort.postMessage({ type: 'deadline' });
      break;
    }
    parentPort.postMessage({ type: 'start', index: i });
    const [input] = fc.sample(arb, { seed: (seed + i) | 0, numRuns: 1 });
    const files = materialize(corpus, input);
    let problems;
    try {
      problems = checkFiles(core, files, { timeBase });
    } catch (e) {
      problems = [{ kind: 'exception', detail: `harness: ${e?.stack ?? e}` }];
    }
    if (problems.length && saved < 20) {
      mkdirSync(out, { recursive: true });
      saveFailure(out, `seed-${seed + i}`, files, problems);
      saved++;
    }
    parentPort.postMessage({ type: 'done', index: i, problems: problems.map((p) => ({ kind: p.kind, detail: p.detail.slice(0, 2000) })) });
  }
}
