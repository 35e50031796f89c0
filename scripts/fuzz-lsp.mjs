#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
// `npm run fuzz:lsp -- --sequences N --seed S`: protocol fuzzing of the language server over
// real stdio (see scripts/fuzz/lsp.mjs). Sequence i is generated from seed S + i. One server
// receives every sequence (it must survive all of them); a second, used only to open final
// texts fresh, gives the diagnostics the first must converge to.
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { loadCorpus } from './fuzz/core.mjs';
import { RawServer, runSequence, sequenceArb } from './fuzz/lsp.mjs';

const { values } = parseArgs({
  options: {
    sequences: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '20261126' },
    from: { type: 'string', default: '0' },
    'max-seconds': { type: 'string', default: '0' },
    json: { type: 'string' },
    quiet: { type: 'boolean' },
    lanes: { type: 'string', default: '1' },
  },
});
const n = Number(values.sequences);
const seed = Number(values.seed);
const from = Number(values.from);
const maxSeconds = Number(values['max-seconds']);
const started = Date.now();
// The repo's fixtures only: small files keep each sequence short.
const { files: corpus } = loadCorpus({ shared: false });
const arb = sequenceArb(corpus.length);
const lanes = Math.max(1, Number(values.lanes));
const counts = { sequences: 0, withProblems: 0, exits: 0, restarts: 0, requests: 0, byKind: {} };
const failures = [];
let stoppedByTime = false;
// Lane k runs sequences i = from + k, from + k + lanes, ... on its own pair of servers.
async function lane(k) {
  let server = new RawServer();
  let reference = new RawServer();
  await server.initialize();
  await reference.initialize();
  for (let i = from + k; i < from + n; i += lanes) {
    if (maxSeconds > 0 && Date.now() - started > maxSeconds * 1000) {
      stoppedByTime = true;
      break;
    }
    const [seq] = fc.sample(arb, { seed: (seed + i) | 0, numRuns: 1 });
    counts.requests += seq.steps.filter((s) => s.op === 'request' || s.op === 'custom' || (s.op === 'unknown-method' && !s.notification)).length;
    let problems;
    try {
      problems = await runSequence(server, reference, corpus, seq, i);
    } catch (e) {
      problems = [{ kind: 'harness', detail: String(e?.stack ?? e) }];
    }
    counts.sequences++;
    if (problems.length) {
      counts.withProblems++;
      for (const p of problems) counts.byKind[p.kind] = (counts.byKind[p.kind] ?? 0) + 1;
      if (failures.length < 50) failures.push({ index: i, seed: seed + i, problems });
      if (!values.quiet)
        console.log(`sequence ${i} (seed ${seed + i}): ${problems.map((p) => `${p.kind}: ${p.detail.split('\n')[0].slice(0, 300)}`).join('; ')}`);
    }
    if (server.exited) counts.exits++;
    if (server.exited || problems.some((p) => p.kind === 'no-sync' || p.kind === 'no-response')) {
      counts.restarts++;
      await server.stop().catch(() => {});
      server = new RawServer();
      await server.initialize();
    }
    if (reference.exited) {
      reference = new RawServer();
      await reference.initialize();
    }
    if (!values.quiet && counts.sequences % 500 === 0)
      console.log(`# ${counts.sequences}/${n} sequences, ${counts.withProblems} with problems, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  await server.stop();
  await reference.stop();
}
await Promise.all(Array.from({ length: lanes }, (_, k) => lane(k)));
const summary = {
  requested: n,
  sequences: counts.sequences,
  stoppedByTime,
  lanes,
  seed,
  from,
  seconds: Math.round((Date.now() - started) / 1000),
  requestsSent: counts.requests,
  sequencesWithProblems: counts.withProblems,
  serverExits: counts.exits,
  serverRestarts: counts.restarts,
  problems: counts.byKind,
  failures,
};
console.log(JSON.stringify({ ...summary, failures: failures.length }, null, 2));
if (values.json) writeFileSync(values.json, JSON.stringify(summary, null, 2));
process.exitCode = counts.withProblems ? 1 : 0;
