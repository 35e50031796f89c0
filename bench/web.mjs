// Playground benchmark (npm run bench:web): keystroke-to-markers in the built page (dist/web) in
// Chromium with a 1,000-resource workspace loaded, against two baselines measured in the same run:
// the same page with a 5-resource workspace, and the core in Node doing the same edit in-process.
// Keystroke-to-markers: from monaco's content change (a real key press) to the markers of the new
// text being set on the model, i.e. the worker round trip, analysis and marker update.

import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, ensureSite, launchChromium, serveSite } from '../test/web/site.mjs';
import { generate } from './gen.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const KEYS = Number(process.env.BENCH_KEYS ?? 20);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

function readTree(dir, base = dir, acc = []) {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) readTree(p, base, acc);
    else acc.push({ path: relative(base, p), text: readFileSync(p, 'utf8') });
  }
  return acc;
}

/** The file and 1-based line of the first `weight: 80` (a split route): the key presses happen there. */
function target(files) {
  for (const f of files) {
    const i = f.text.split('\n').findIndex((l) => l.trim() === 'weight: 80');
    if (i !== -1) return { path: f.path, line: i + 1 };
  }
  throw new Error('no split route in the workspace');
}

async function inPage(browser, origin, files, label) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => window.playground && window.playground.appliedSeq > 0);
  const t0 = Date.now();
  const at = target(files);
  await page.evaluate((s) => window.playground.load(s), { files, active: at.path });
  await page.waitForFunction(
    (n) => window.playground.appliedSeq === window.playground.seq && window.playground.resources === n,
    files.reduce((a, f) => a + (f.text.match(/^kind:/gm)?.length ?? 0), 0),
    { timeout: 120000 },
  );
  const loadMs = Date.now() - t0;
  await page.evaluate(({ line }) => {
    const ed = window.playground.editor;
    ed.setPosition({ lineNumber: line, column: ed.getModel().getLineMaxColumn(line) });
    ed.focus();
    window.__long = [];
    new PerformanceObserver((l) => window.__long.push(...l.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
  }, at);
  const lat = [];
  for (let i = 0; i < KEYS; i++) {
    const before = await page.evaluate(() => window.playground.latencies.length);
    // Alternate: `weight: 8` (weights no longer total 100: a marker appears), then `weight: 80` again.
    if (i % 2 === 0) await page.keyboard.press('Backspace');
    else await page.keyboard.type('0');
    await page.waitForFunction((n) => window.playground.latencies.length > n && window.playground.appliedSeq === window.playground.seq, before, {
      timeout: 60000,
    });
    lat.push(await page.evaluate(() => window.playground.latencies.at(-1)));
  }
  const longTasks = await page.evaluate(() => window.__long);
  const worker = await page.evaluate(() => window.playground.analysisMs);
  await page.close();
  return {
    label,
    files: files.length,
    loadMs,
    median: median(lat),
    p95: p95(lat),
    maxMainThreadTask: longTasks.length ? Math.max(...longTasks) : 0,
    lastWorkerMs: worker,
  };
}

function inNode(files) {
  const svc = createRequire(import.meta.url)(join(root, 'dist/service.js'));
  const ws = svc.createWorkspace({});
  const uri = (p) => `file:///${p}`;
  for (const f of files) ws.setFile(uri(f.path), f.text);
  for (const u of ws.fileUris()) ws.diagnostics(u);
  const at = target(files);
  const text = files.find((f) => f.path === at.path).text;
  const lines = text.split('\n');
  const edited = [...lines];
  edited[at.line - 1] = lines[at.line - 1].slice(0, -1);
  const texts = [edited.join('\n'), text];
  const t = [];
  for (let i = 0; i < KEYS; i++) {
    const s = performance.now();
    const { affected } = ws.setFile(uri(at.path), texts[i % 2]);
    for (const u of affected) ws.diagnostics(u);
    t.push(performance.now() - s);
  }
  return median(t);
}

const { existsSync } = await import('node:fs');
if (!existsSync(CHROMIUM)) {
  console.log(`no Chromium at ${CHROMIUM}: nothing to measure`);
  process.exit(0);
}
await ensureSite();
const { server, origin } = await serveSite();
const browser = await launchChromium();
const out = join(root, 'bench/out');
const small = readTree(join(root, 'web/examples/canary'));
/** A generated workspace of 1,000 resources, written under bench/out and read back. */
const generated = (name, layout) => {
  generate(join(out, name), 1000, layout);
  return readTree(join(out, name));
};
const workspaces = [
  ['5 resources, 3 files (baseline)', small],
  ['1,000 resources, 20 files', generated('web-1000-files20', 'files:20')],
  ['1,000 resources, 400 files', generated('web-1000-repo', 'repo')],
  ['1,000 resources, 1 file', generated('web-1000-single', 'single')],
];
const rows = [];
const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined;
for (const [label, files] of workspaces) {
  if (only && rows.length && !only.test(label)) continue;
  const r = await inPage(browser, origin, files, label);
  r.node = inNode(files);
  rows.push(r);
}
await browser.close();
server.close();
const base = rows[0].median;
console.log(`keystroke → markers in Chromium (${KEYS} key presses, median / p95), against the 5-resource page and the core in Node:`);
for (const r of rows) {
  console.log(
    `  ${r.label.padEnd(34)} ${r.median.toFixed(1).padStart(7)} ms / ${r.p95.toFixed(1).padStart(7)} ms  (${(r.median / base).toFixed(2)}x baseline; core in Node ${r.node.toFixed(1)} ms, page ${(r.median / r.node).toFixed(2)}x)  load ${r.loadMs} ms  longest main-thread task while typing ${r.maxMainThreadTask.toFixed(0)} ms`,
  );
}
