// Route simulation benchmark (npm run bench): `simulate` over generated workspaces, one request per
// VirtualService host (half with the header that selects the canary route), against the full lint of
// the same workspace (parse, index, every rule) measured here and now. Figures are ratios.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generate } from './gen.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const svc = createRequire(import.meta.url)(join(root, 'dist/service.js'));
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function walk(dir, acc = []) {
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p, acc);
    else if (/\.ya?ml$/.test(p)) acc.push(p);
  }
  return acc;
}

for (const n of [1000, 10000]) {
  const dir = join(root, 'bench/out', `route-${n}`);
  generate(dir, n, 'repo');
  const files = walk(dir).map((p) => [pathToFileURL(p).href, readFileSync(p, 'utf8')]);
  const lint = [];
  const sim = [];
  let requests = 0;
  let matched = 0;
  for (let run = 0; run < RUNS; run++) {
    let t = performance.now();
    const ws = svc.createWorkspace();
    for (const [u, text] of files) ws.setFile(u, text);
    for (const [u] of files) ws.diagnostics(u);
    lint.push(performance.now() - t);
    const hosts = [];
    for (const r of ws.allResources()) if (r.kind === 'VirtualService') hosts.push([r.view.vs.hosts[0].value, r.namespace]);
    t = performance.now();
    requests = 0;
    matched = 0;
    hosts.forEach(([host, ns], i) => {
      const r = svc.simulate(ws, { host, sourceNamespace: ns, path: '/api', headers: i % 2 ? { 'end-user': 'tester' } : {} });
      requests++;
      if (r.matched) matched++;
    });
    sim.push(performance.now() - t);
  }
  const l = median(lint);
  const s = median(sim);
  console.log(
    `route simulation, ${n} resources: ${requests} requests (${matched} matched) take ${(s / l).toFixed(3)}x the full lint of the workspace; one request ${((s / requests / l) * 1000).toFixed(3)}/1000 of it`,
  );
}
