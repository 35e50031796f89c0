// LSP benchmark: one stdio harness drives mesh-lsp and yaml-language-server (given the same
// JSON schemas) on the same generated files; open → first diagnostics, one-line edit → updated
// diagnostics (median and p95 of 20 edits), peak RSS (VmHWM). Ratios against the peer, same run.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generate } from './gen.mjs';

const require = createRequire(import.meta.url);
const rpc = require('vscode-languageserver-protocol/node');
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'bench/out');
mkdirSync(out, { recursive: true });
const EDITS = Number(process.env.BENCH_EDITS ?? 20);

const SERVERS = {
  'mesh-lsp': { cmd: [process.env.MESH_LSP_BIN ?? join(root, 'bin/mesh-lsp.js'), '--stdio'], settings: {} },
  'yaml-language-server': {
    cmd: [join(root, 'node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'],
    settings: {
      yaml: {
        validate: true,
        schemas: { [pathToFileURL(join(root, 'schemas/istio.json')).href]: '*.yaml' },
        schemaStore: { enable: false },
      },
    },
  },
};
// BENCH_BASELINE_LSP=<another checkout>/bin/mesh-lsp.js: that build too, on the same files in the same run.
if (process.env.BENCH_BASELINE_LSP) SERVERS['mesh-lsp (baseline)'] = { cmd: [process.env.BENCH_BASELINE_LSP, '--stdio'], settings: {} };

function vmHWM(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

async function session(name, folder, _files) {
  const s = SERVERS[name];
  const proc = spawn(process.execPath, s.cmd, { stdio: ['pipe', 'pipe', 'ignore'] });
  const conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
  const waiters = [];
  const got = new Map();
  conn.onNotification(rpc.PublishDiagnosticsNotification.type, (p) => {
    got.set(p.uri, (got.get(p.uri) ?? 0) + 1);
    for (const w of [...waiters])
      if (w.uri === p.uri) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p);
      }
  });
  conn.onRequest(rpc.ConfigurationRequest.type, (p) =>
    p.items.map((i) => (i.section === 'yaml' ? s.settings.yaml : i.section === 'meshLsp' ? {} : i.section ? (s.settings[i.section] ?? null) : null)),
  );
  conn.onRequest(rpc.RegistrationRequest.type, () => null);
  conn.onRequest('workspace/codeLens/refresh', () => null);
  conn.onRequest(rpc.WorkDoneProgressCreateRequest.type, () => null);
  conn.onNotification(() => {});
  conn.listen();
  const next = (uri, ms = 120000) =>
    new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`${name}: no diagnostics for ${uri}`)), ms);
      waiters.push({
        uri,
        resolve: (p) => {
          clearTimeout(t);
          resolve(p);
        },
      });
    });
  await conn.sendRequest(rpc.InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(folder).href,
    workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'bench' }],
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: {} } },
    initializationOptions: {},
  });
  await conn.sendNotification(rpc.InitializedNotification.type, {});
  await conn.sendNotification(rpc.DidChangeConfigurationNotification.type, { settings: s.settings });
  return { conn, proc, next, got };
}

const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function measureFile(name, folder, file) {
  const { conn, proc, next } = await session(name, folder);
  const uri = pathToFileURL(file).href;
  const text = readFileSync(file, 'utf8');
  const t0 = performance.now();
  const first = next(uri);
  await conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  await first;
  const open = performance.now() - t0;
  // mesh-lsp publishes an opened document before the (background) index is complete, then again
  // with the cross-file findings: a workspace-wide request is answered once that is done.
  let openFull = open;
  if (name.startsWith('mesh-lsp')) {
    await conn.sendRequest(rpc.WorkspaceSymbolRequest.type, { query: 'svc-1' });
    openFull = performance.now() - t0;
  }
  // Toggle one weight in the middle of the file (80 ↔ 81): the findings change at every edit.
  const at = text.indexOf('weight: 80', Math.floor(text.length / 2));
  const lines = text.slice(0, at).split('\n');
  const line = lines.length - 1;
  const character = lines[lines.length - 1].length + 8;
  const times = [];
  for (let i = 0; i < EDITS; i++) {
    const newText = i % 2 === 0 ? '81' : '80';
    const p = next(uri);
    const s = performance.now();
    await conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: i + 2 },
      contentChanges: [{ range: { start: { line, character }, end: { line, character: character + 2 } }, text: newText }],
    });
    await p;
    times.push(performance.now() - s);
  }
  const rss = vmHWM(proc.pid);
  proc.kill();
  return { open, openFull, median: pct(times, 50), p95: pct(times, 95), rss };
}

async function measureWorkspace(folder, editFile, name = 'mesh-lsp') {
  const { conn, proc, next, got } = await session(name, folder);
  const uri = pathToFileURL(editFile).href;
  const t0 = performance.now();
  // A request is answered once the workspace is indexed: that marks the end of indexing.
  const text = readFileSync(editFile, 'utf8');
  await conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  await conn.sendRequest(rpc.WorkspaceSymbolRequest.type, { query: 'svc-1' });
  const index = performance.now() - t0;
  const at = text.indexOf('weight: 80');
  const lines = text.slice(0, at).split('\n');
  const line = lines.length - 1;
  const character = lines[lines.length - 1].length + 8;
  const times = [];
  for (let i = 0; i < EDITS; i++) {
    const p = next(uri);
    const s = performance.now();
    await conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: i + 2 },
      contentChanges: [{ range: { start: { line, character }, end: { line, character: character + 2 } }, text: i % 2 === 0 ? '81' : '80' }],
    });
    await p;
    times.push(performance.now() - s);
  }
  const rss = vmHWM(proc.pid);
  proc.kill();
  return { index, median: pct(times, 50), p95: pct(times, 95), rss, published: got.size };
}

const results = [];
// BENCH_ONLY=ws: only the 100-file workspace; BENCH_ONLY=5000: the 5,000-document file and the 100-file workspace.
const ONLY = process.env.BENCH_ONLY;
for (const docs of ONLY === 'ws' ? [] : ONLY === '5000' ? [5000] : [1000, 5000]) {
  const folder = join(out, `lsp-${docs}`);
  generate(folder, docs, 'single');
  const file = join(folder, 'all.yaml');
  for (const name of Object.keys(SERVERS)) {
    const r = await measureFile(name, folder, file);
    results.push({ case: `one file, ${docs} documents`, server: name, ...r });
    console.log(
      `${docs} docs · ${name}: open→diagnostics ${r.open.toFixed(0)} ms (complete ${r.openFull.toFixed(0)} ms) · edit→diagnostics median ${r.median.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms · peak RSS ${r.rss.toFixed(0)} MiB`,
    );
  }
}
{
  const folder = join(out, 'lsp-ws-10000');
  generate(folder, 10000, 'files:100');
  for (const name of Object.keys(SERVERS).filter((n) => n.startsWith('mesh-lsp'))) {
    const r = await measureWorkspace(folder, join(folder, 'part-050.yaml'), name);
    results.push({ case: 'workspace, 10,000 resources in 100 files', server: name, open: r.index, median: r.median, p95: r.p95, rss: r.rss });
    console.log(
      `10,000 resources in 100 files · ${name}: index (100 files) ${r.index.toFixed(0)} ms · edit→diagnostics median ${r.median.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms · peak RSS ${r.rss.toFixed(0)} MiB`,
    );
  }
}
if (ONLY !== '5000') {
  // A big root: 4,000 YAML files of which 300 hold Kubernetes objects (the rest: CI workflows and
  // the like, plus a node_modules folder). Open one file: time to its diagnostics, time until the
  // index is complete (a workspace-wide request is answered then), peak RSS.
  const folder = join(out, 'lsp-bigroot');
  generate(folder, 750, 'repo');
  mkdirSync(join(folder, 'ci'), { recursive: true });
  mkdirSync(join(folder, 'node_modules/pkg'), { recursive: true });
  for (let i = 0; i < 3500; i++)
    writeFileSync(
      join(folder, 'ci', `w${i}.yaml`),
      `name: build ${i}\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n    - uses: actions/checkout@v4\n    - run: make test ${i}\n`,
    );
  for (let i = 0; i < 200; i++) writeFileSync(join(folder, 'node_modules/pkg', `m${i}.yaml`), readFileSync(join(folder, 'team-0/svc-0-traffic.yaml'), 'utf8'));
  const file = join(folder, 'team-0/svc-0-traffic.yaml');
  const { conn, proc, next } = await session('mesh-lsp', folder);
  const uri = pathToFileURL(file).href;
  const t0 = performance.now();
  const first = next(uri);
  await conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'yaml', version: 1, text: readFileSync(file, 'utf8') },
  });
  await first;
  const openMs = performance.now() - t0;
  await conn.sendRequest(rpc.WorkspaceSymbolRequest.type, { query: 'svc-1' });
  const indexMs = performance.now() - t0;
  const rss = vmHWM(proc.pid);
  proc.kill();
  results.push({ case: 'big root, 4,000 YAML files (300 Kubernetes)', server: 'mesh-lsp', open: openMs, index: indexMs, rss });
  console.log(
    `big root (4,000 YAML files, 300 Kubernetes) · mesh-lsp: open→diagnostics ${openMs.toFixed(0)} ms · index complete ${indexMs.toFixed(0)} ms (open/index ${(openMs / indexMs).toFixed(2)}) · peak RSS ${rss.toFixed(0)} MiB`,
  );
}
writeFileSync(join(out, 'lsp.json'), JSON.stringify(results, null, 2));
process.exit(0);
