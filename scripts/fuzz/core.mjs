// Fuzzing the analysis core: structure-aware mutations of real manifests, run through
// parse -> index -> every rule -> every offered code action -> `--fix`, with the properties
// the product promises (no exception escapes, bounded time, safe edits, idempotent --fix).
// Shared by `npm run fuzz` (scripts/fuzz.mjs) and the fixed-seed suite in test/fuzz/.

import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import fc from 'fast-check';
import { Lexer, parseAllDocuments } from 'yaml';

export const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

/**
 * The core plus the CLI's `--fix` loop, bundled from source into one module (the CLI bundle
 * does not export `applyPreferredFixes`). Cached per process.
 */
let coreCache;
export async function loadCore() {
  if (coreCache) return coreCache;
  const dir = join(tmpdir(), `mesh-lsp-fuzz-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, 'core.cjs');
  await build({
    stdin: {
      contents: "export * from './server/src/service/index'; export { applyPreferredFixes } from './server/src/cli/fix';",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile,
    logLevel: 'error',
  });
  coreCache = require(outfile);
  return coreCache;
}

// ------------------------------------------------------------------ corpus

function walk(dir, out = []) {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    const st = statSync(p);
    if (st.isDirectory()) walk(p, out);
    else if (/\.ya?ml$/.test(p) && st.size <= 32 * 1024) out.push(p);
  }
  return out;
}

/** Corpus files (≤ 32 KB each): the repo's fixtures and examples, plus ../shared/corpus when present. */
export function loadCorpus({ shared = true } = {}) {
  const dirs = [join(root, 'test/fixtures/seeds'), join(root, 'test/fixtures/istio-corpus'), join(root, 'examples')];
  const sharedDir = join(root, '../shared/corpus');
  const usedShared = shared && existsSync(sharedDir);
  if (usedShared) dirs.push(sharedDir);
  const files = [];
  for (const d of dirs) if (existsSync(d)) for (const p of walk(d).sort()) files.push({ name: relative(root, p), text: readFileSync(p, 'utf8') });
  return { files, usedShared };
}

// ------------------------------------------------------------------ mutations

const KEYS = [
  'apiVersion',
  'kind',
  'metadata',
  'name',
  'namespace',
  'spec',
  'hosts',
  'host',
  'http',
  'tcp',
  'tls',
  'route',
  'destination',
  'subset',
  'subsets',
  'weight',
  'port',
  'number',
  'match',
  'uri',
  'prefix',
  'exact',
  'regex',
  'headers',
  'gateways',
  'selector',
  'labels',
  'servers',
  'trafficPolicy',
  'timeout',
  'retries',
  'retryOn',
  'fault',
  'mirror',
  'mirrorPercentage',
  'corsPolicy',
  'ports',
  'targetPort',
  'template',
  'containers',
  'exportTo',
  'resolution',
  'location',
  'endpoints',
  'addresses',
  '<<',
  'redirect',
  'rewrite',
  'delegate',
];
const SCALARS = [
  '0',
  '-1',
  '100',
  '101',
  '50',
  '1e400',
  '99999999999999999999999999',
  '-0',
  '.nan',
  '.inf',
  '0x7fffffff',
  '0o777',
  '1_000',
  '"100%"',
  'null',
  '~',
  'true',
  'yes',
  "''",
  '""',
  '[]',
  '{}',
  '*a',
  '&a x',
  '!!str 5',
  '!!binary aGk=',
  '!custom x',
  '|\n  block',
  '>-\n  folded',
  '"\\u0000"',
  "'it''s'",
  'v1',
  'reviews',
  'reviews.default.svc.cluster.local',
  '*.example.com',
  '10s',
  '1h1m',
  '-5s',
  '3.14',
  'ALLOW_ANY',
  '^(.*$',
  '%',
];
const CHARS = [
  '\t',
  '\u00a0',
  '\ufeff',
  '\u0000',
  '\u0001',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u2028',
  '\u2029',
  '\r',
  '\r\n',
  '\ud800',
  '\udc00',
  '\ufffd',
  '\u200b',
  '#',
  ':',
  '-',
  '{',
  '}',
  '[',
  ']',
  '&',
  '*',
  '!',
  '|',
  '>',
  '%',
  '@',
  '`',
  '"',
  "'",
  '\\',
  ',',
  '?',
  ' ',
];

function deepFlow(d) {
  return '['.repeat(d) + ']'.repeat(d);
}
function deepBlock(d, indent) {
  const out = [];
  for (let i = 0; i < d; i++) out.push(`${' '.repeat(indent + 2 * i)}k${i}:`);
  out.push(`${' '.repeat(indent + 2 * d)}leaf: 1`);
  return out.join('\n');
}
function laughs(levels, width) {
  const lines = ['a0: &a0 [lol]'];
  for (let i = 1; i <= levels; i++)
    lines.push(
      `a${i}: &a${i} [${Array(width)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return lines.join('\n');
}

/** One mutation: a kind and three numbers that pick a line, a position and an argument. */
export const mutationArb = fc.record({
  kind: fc.constantFrom(
    'delete-line',
    'duplicate-line',
    'reindent',
    'swap-lines',
    'to-map',
    'to-scalar',
    'insert-char',
    'replace-char',
    'anchor-alias',
    'merge-key',
    'set-scalar',
    'rename-key',
    'deep-flow',
    'deep-block',
    'long-line',
    'truncate',
    'doc-marker',
    'flow-line',
    'alias-bomb',
    'dedent-block',
    'crlf',
    'bom',
  ),
  a: fc.oneof(fc.nat(), fc.noBias(fc.nat())),
  b: fc.noBias(fc.nat()),
  c: fc.nat(),
});

function indentOf(line) {
  return /^ */.exec(line)[0].length;
}

/** Apply one mutation to a text (pure, deterministic). */
export function mutate(text, m) {
  const lines = text.split('\n');
  const n = lines.length;
  const li = m.a % n;
  const line = lines[li];
  const pos = text.length ? m.a % (text.length + 1) : 0;
  const pick = (list) => list[m.b % list.length];
  switch (m.kind) {
    case 'delete-line':
      lines.splice(li, 1 + (m.c % 3));
      break;
    case 'duplicate-line':
      lines.splice(li, 0, ...lines.slice(li, li + 1 + (m.c % 4)));
      break;
    case 'reindent':
      lines[li] = ' '.repeat(Math.max(0, indentOf(line) + (m.b % 9) - 4)) + line.trimStart();
      break;
    case 'dedent-block': {
      const ind = indentOf(line);
      for (let i = li; i < n && (i === li || indentOf(lines[i]) > ind || !lines[i].trim()); i++)
        lines[i] = lines[i].slice(Math.min(indentOf(lines[i]), 1 + (m.b % 4)));
      break;
    }
    case 'swap-lines': {
      const j = m.b % n;
      [lines[li], lines[j]] = [lines[j], lines[li]];
      break;
    }
    case 'to-map': {
      // `key: value` -> `key:\n  sub: value`; `- value` -> `- sub: value`
      const kv = /^(\s*(?:- )?[^:#]+:)\s+(.+)$/.exec(line);
      if (kv) lines[li] = `${kv[1]}\n${' '.repeat(indentOf(line) + 2)}${pick(KEYS)}: ${kv[2]}`;
      else lines[li] = line.replace(/^(\s*)- (.*)$/, `$1- ${pick(KEYS)}: $2`);
      break;
    }
    case 'to-scalar': {
      // `key:` (a map or list follows) -> `key: scalar`, leaving the block orphaned
      const k = /^(\s*(?:- )?[^:#]+:)\s*$/.exec(line);
      if (k) lines[li] = `${k[1]} ${pick(SCALARS)}`;
      else lines[li] = line.replace(/^(\s*)- .*$/, `$1- ${pick(SCALARS)}`);
      break;
    }
    case 'insert-char':
      return text.slice(0, pos) + pick(CHARS).repeat(1 + (m.c % 3)) + text.slice(pos);
    case 'replace-char':
      return text.slice(0, pos) + pick(CHARS) + text.slice(pos + 1);
    case 'anchor-alias': {
      const k = /^(\s*(?:- )?[^:#]+:)(.*)$/.exec(line);
      const j = m.b % n;
      const kj = /^(\s*(?:- )?[^:#]+:)\s*(.*)$/.exec(lines[j]);
      if (k) lines[li] = `${k[1]} &a${m.c % 3}${k[2]}`;
      if (kj) lines[j] = `${kj[1]} *a${m.c % 4}`;
      break;
    }
    case 'merge-key': {
      const targets = ['*a0', '[*a0, *a1]', '5', '{weight: 200}', '*missing', '[]'];
      lines.splice(li + 1, 0, `${' '.repeat(indentOf(line) + (m.c % 2 ? 2 : 0))}<<: ${pick(targets)}`);
      break;
    }
    case 'set-scalar': {
      const kv = /^(\s*(?:- )?[^:#]+:)\s+(.+?)(\s+#.*)?$/.exec(line);
      if (kv) lines[li] = `${kv[1]} ${pick(SCALARS)}${kv[3] ?? ''}`;
      else lines[li] = line.replace(/^(\s*- ).*$/, `$1${pick(SCALARS)}`);
      break;
    }
    case 'rename-key':
      lines[li] = line.replace(/^(\s*(?:- )?)[^:#\s][^:#]*:/, `$1${pick(KEYS)}:`);
      break;
    case 'deep-flow':
      lines.splice(li, 0, `${' '.repeat(indentOf(line))}${pick(KEYS)}: ${deepFlow(1 + (m.c % 3000))}`);
      break;
    case 'deep-block':
      lines.splice(li, 0, deepBlock(1 + (m.c % 300), indentOf(line)));
      break;
    case 'long-line':
      lines.splice(li, 0, `${' '.repeat(indentOf(line))}${pick(KEYS)}: ${'x'.repeat(1000 + (m.c % 200000))}`);
      break;
    case 'truncate':
      return text.slice(0, pos);
    case 'doc-marker':
      lines.splice(li, 0, pick(['---', '...', '--- !!map', '%YAML 1.2\n---', '--- |', '---\n---', '--- # c']));
      break;
    case 'flow-line':
      lines[li] =
        `${' '.repeat(indentOf(line))}${pick(KEYS)}: ${pick(['{a: [1, {b: c}]}', '[{destination: {host: x}, weight: 100}]', '{', '[', '{host: reviews, subset: v1}', '[*a0, &a0 x]', '{? complex : key}'])}`;
      break;
    case 'alias-bomb':
      lines.splice(li, 0, laughs(2 + (m.b % 9), 2 + (m.c % 9)));
      break;
    case 'crlf':
      return text.replace(/\n/g, '\r\n');
    case 'bom':
      return `\ufeff${text}`;
  }
  return lines.join('\n');
}

/** An input: a corpus file, 1 to 4 mutations, and maybe an unmutated neighbour file. */
export function inputArb(corpus) {
  return fc.record({
    file: fc.noBias(fc.nat(corpus.length - 1)),
    mutations: fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
    neighbour: fc.option(fc.noBias(fc.nat(corpus.length - 1)), { freq: 3 }),
  });
}

export function materialize(corpus, input) {
  let text = corpus[input.file].text;
  for (const m of input.mutations) text = mutate(text, m);
  const files = [{ uri: 'file:///fuzz/input.yaml', text }];
  if (input.neighbour !== null && input.neighbour !== input.file) files.push({ uri: 'file:///fuzz/neighbour.yaml', text: corpus[input.neighbour].text });
  return files;
}

// ------------------------------------------------------------------ properties

/** Comment tokens of a YAML text (the lexer's view, so `#` inside quotes does not count). */
export function commentsOf(text) {
  const out = new Map();
  try {
    for (const tok of new Lexer().lex(text.replace(/\u00a0/g, ' '))) {
      if (tok[0] === '#') out.set(tok.trimEnd(), (out.get(tok.trimEnd()) ?? 0) + 1);
    }
  } catch {
    /* the lexer never throws on text; be safe */
  }
  return out;
}

function yamlErrors(text) {
  return parseAllDocuments(text.replace(/\u00a0/g, ' ')).reduce?.((a, d) => a + d.errors.length, 0) ?? 0;
}

/** Time allowed for one file's analysis: a base plus a share per kilobyte. */
export function budgetMs(bytes, base = 2000) {
  return base + (bytes / 1024) * 20;
}

const MAX_ACTION_LINES = 8;

/**
 * Check one input. Returns the problems found: [{ kind, detail }]. `kind` is one of
 * exception, slow, bad-edit (edit out of range / does not apply), new-error, lost-comment,
 * off-target, fix-not-idempotent.
 */
export function checkFiles(core, files, { timeBase = 2000, actions = true, fix = true } = {}) {
  const problems = [];
  const bytes = files.reduce((a, f) => a + f.text.length, 0);
  const t0 = performance.now();
  let ws;
  try {
    ws = core.createWorkspace();
    for (const f of files) ws.setFile(f.uri, f.text);
    for (const f of files) {
      const d = ws.diagnostics(f.uri);
      for (const x of d)
        if (!(x.start >= 0 && x.end >= x.start && x.end <= f.text.length))
          problems.push({ kind: 'bad-range', detail: `${x.rule} [${x.start}, ${x.end}) outside 0..${f.text.length}` });
    }
  } catch (e) {
    problems.push({ kind: 'exception', detail: `analysis: ${e?.stack ?? e}` });
    return problems;
  }
  if (problems.length > 5) problems.splice(5);
  const elapsed = performance.now() - t0;
  if (elapsed > budgetMs(bytes, timeBase)) problems.push({ kind: 'slow', detail: `analysis took ${elapsed.toFixed(0)} ms for ${bytes} chars` });
  if (actions) checkActions(core, ws, files, problems);
  if (fix) checkFix(core, files, problems);
  if (problems.length > 5) problems.splice(5, problems.length - 5, { kind: problems[5].kind, detail: `... and ${problems.length - 5} more problems` });
  const total = performance.now() - t0;
  if (total > 4 * budgetMs(bytes, timeBase))
    problems.push({ kind: 'slow', detail: `analysis, actions and --fix took ${total.toFixed(0)} ms for ${bytes} chars` });
  return problems;
}

function docSpans(_core, text) {
  // Document chunks as the core splits them (at `---` markers).
  const starts = [0];
  const re = /^---(?=[ \t\r\n]|$)/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) if (m.index) starts.push(m.index);
  return starts.map((s, i) => [s, i + 1 < starts.length ? starts[i + 1] : text.length]);
}

function checkActions(core, ws, files, problems) {
  const uri = files[0].uri;
  const file = ws.getFile(uri);
  const lines = new Set();
  try {
    for (const f of ws.findings(uri)) lines.add(file.lines.positionAt(f.start).line);
    for (const r of file.resources)
      if (r.view?.type === 'VirtualService') for (const route of r.view.vs.http) lines.add(file.lines.positionAt(core.span(r, route.node)[0]).line);
  } catch (e) {
    problems.push({ kind: 'exception', detail: `collecting action lines: ${e?.stack ?? e}` });
    return;
  }
  const lastLine = file.lines.positionAt(file.text.length).line;
  lines.add(lastLine + 3); // a range past the end of the file
  const seen = new Set();
  const state = { reanalyzed: false };
  for (const line of [...lines].slice(0, MAX_ACTION_LINES)) {
    let acts;
    try {
      acts = core.codeActions(ws, uri, { start: { line, character: 0 }, end: { line, character: 200 } }, ws.settings);
    } catch (e) {
      problems.push({ kind: 'exception', detail: `codeActions at line ${line}: ${e?.stack ?? e}` });
      continue;
    }
    for (const a of acts) {
      const key = `${a.id}\0${JSON.stringify(a.edit)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      checkAction(core, ws, a, problems, state);
    }
  }
}

function checkAction(core, ws, a, problems, state) {
  const label = `${a.id} "${a.title}"`;
  for (const [u, edits] of Object.entries(a.edit?.changes ?? {})) {
    const f = ws.getFile(u);
    if (!f) {
      problems.push({ kind: 'bad-edit', detail: `${label}: edits unknown file ${u}` });
      continue;
    }
    const before = f.text;
    let offsets;
    try {
      offsets = edits.map((e) => [f.lines.offsetAt(e.range.start), f.lines.offsetAt(e.range.end)]);
    } catch (e) {
      problems.push({ kind: 'bad-edit', detail: `${label}: range does not resolve: ${e}` });
      continue;
    }
    // Ranges must lie inside the file and resolve to themselves (not clamped from past the end).
    for (const e of edits) {
      const back = f.lines.positionAt(f.lines.offsetAt(e.range.start));
      if (back.line !== e.range.start.line || back.character !== e.range.start.character)
        problems.push({ kind: 'bad-edit', detail: `${label}: range start ${JSON.stringify(e.range.start)} is not a position of ${u}` });
    }
    let next;
    try {
      next = core.applyTextEdits(f, edits);
    } catch (e) {
      problems.push({ kind: 'bad-edit', detail: `${label}: edit does not apply: ${e}` });
      continue;
    }
    if (yamlErrors(next) > yamlErrors(before)) problems.push({ kind: 'new-error', detail: `${label}: new YAML error in ${u}` });
    const cb = commentsOf(before);
    const ca = commentsOf(next);
    for (const [c, k] of cb)
      if ((ca.get(c) ?? 0) < k) problems.push({ kind: 'lost-comment', detail: `${label}: dropped comment ${JSON.stringify(c)} in ${u}` });
    // Only the targeted documents change: every document no edit touches stays byte for byte.
    const spans = docSpans(core, before);
    const touched = new Set();
    for (const [s, e] of offsets)
      spans.forEach(([a0, a1], i) => {
        if (s <= a1 && e >= a0) touched.add(i);
      });
    const nextSpans = docSpans(core, next);
    if (spans.length === nextSpans.length) {
      spans.forEach(([a0, a1], i) => {
        if (touched.has(i)) return;
        const [b0, b1] = nextSpans[i];
        if (before.slice(a0, a1) !== next.slice(b0, b1)) problems.push({ kind: 'off-target', detail: `${label}: changed untouched document ${i} of ${u}` });
      });
    }
    if (a.kind === 'refactor.rewrite') {
      // A canary step edits the route's VirtualService and, when it adds a subset, a DestinationRule;
      // or the backendRefs of a Gateway API HTTPRoute.
      const allowed = new Set(
        f.resources.filter((r) => r.kind === 'VirtualService' || r.kind === 'DestinationRule' || r.kind === 'HTTPRoute').map((r) => r.doc.base),
      );
      // An insertion at a document boundary belongs to the document before it (it lands before the `---`).
      const owners = new Set(
        offsets.map(([s0, e0]) => {
          const at = s0 === e0 ? Math.max(0, s0 - 1) : s0;
          return spans.findIndex(([a0, a1]) => at >= a0 && at < a1);
        }),
      );
      for (const i of owners)
        if (i !== -1 && !allowed.has(spans[i][0]))
          problems.push({
            kind: 'off-target',
            detail: `${label}: a canary step edited document ${i} of ${u}, which holds no VirtualService, DestinationRule or HTTPRoute`,
          });
    }
    // The edited text analyzes without an escaped exception (checked once per input: it is costly).
    if (state.reanalyzed) continue;
    state.reanalyzed = true;
    try {
      const w2 = core.createWorkspace();
      w2.setFile(u, next);
      w2.findings(u);
    } catch (e) {
      problems.push({ kind: 'exception', detail: `${label}: analysis of the edited text: ${e?.stack ?? e}` });
    }
  }
}

function checkFix(core, files, problems) {
  const uris = files.map((f) => f.uri);
  try {
    const ws = core.createWorkspace();
    for (const f of files) ws.setFile(f.uri, f.text);
    const first = core.applyPreferredFixes(ws, uris);
    if (!first.changed.size) return;
    for (const [u, [before, after]] of first.changed) {
      const cb = commentsOf(before);
      const ca = commentsOf(after);
      for (const [c, k] of cb) if ((ca.get(c) ?? 0) < k) problems.push({ kind: 'lost-comment', detail: `--fix dropped comment ${JSON.stringify(c)} in ${u}` });
      if (yamlErrors(after) > yamlErrors(before)) problems.push({ kind: 'new-error', detail: `--fix added a YAML error in ${u}` });
    }
    const ws2 = core.createWorkspace();
    for (const f of files) ws2.setFile(f.uri, ws.getFile(f.uri).text);
    const second = core.applyPreferredFixes(ws2, uris);
    if (second.changed.size) {
      const [u, [b, a]] = [...second.changed][0];
      problems.push({
        kind: 'fix-not-idempotent',
        detail: `--fix on its own output changed ${u} again (${second.applied} fixes): ${JSON.stringify(diffHint(b, a))}`,
      });
    }
  } catch (e) {
    problems.push({ kind: 'exception', detail: `--fix: ${e?.stack ?? e}` });
  }
}

function diffHint(a, b) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return { at: i, before: a.slice(Math.max(0, i - 40), i + 80), after: b.slice(Math.max(0, i - 40), i + 80) };
}

/** Save a failing input so it can become a regression fixture. */
export function saveFailure(dir, name, files, problems) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.yaml`), files[0].text);
  if (files[1]) writeFileSync(join(dir, `${name}.neighbour.yaml`), files[1].text);
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(problems, null, 2));
}
