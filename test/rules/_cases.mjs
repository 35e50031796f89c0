// Fixture cases for rule tests: loading a case, reading its expectation markers, comparing them
// with the findings of the analysis, and applying a rule's fixes. The format is described in
// test/rules/README.md and at the top of test/rules/fixtures.test.mjs.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { root, svc } from '../helpers.mjs';

export const WS = 'file:///ws/';
const SEVERITIES = 'error|warning|info|hint';
const MARKER = new RegExp(`^(\\s*#\\s*)(\\^+|<-)\\s+(${SEVERITIES})\\s+([a-z0-9][a-z0-9-]*)(?::\\s+(.*?))?\\s*$`);
const FIX = /^\s*#\s*fix(?:\((safe|suggestion)\):\s+(.*?)|:\s+(none))\s*$/;
const SETTINGS = /^#\s*settings:\s*(\{.*\})\s*$/;

/** Every case of a rule folder: [{ name, files: {relPath: text}, fixed: {relPath: text} }]. */
export function casesOf(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      const files = {};
      const fixed = {};
      for (const f of walk(p)) {
        const rel = relative(p, f).split(sep).join('/');
        if (rel.endsWith('.fixed.yaml')) fixed[rel.replace(/\.fixed\.yaml$/, '.yaml')] = readFileSync(f, 'utf8');
        else files[rel] = readFileSync(f, 'utf8');
      }
      out.push({ name: e.name, files, fixed });
    } else if (e.name.endsWith('.yaml') && !e.name.endsWith('.fixed.yaml')) {
      const name = e.name.slice(0, -'.yaml'.length);
      const fixedPath = join(dir, `${name}.fixed.yaml`);
      const fixed = exists(fixedPath) ? { [e.name]: readFileSync(fixedPath, 'utf8') } : {};
      out.push({ name, files: { [e.name]: readFileSync(p, 'utf8') }, fixed });
    }
  }
  return out;
}

function exists(p) {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

function walk(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out.sort();
}

/** Lines of a text without their line breaks (a `\r` before `\n` is not part of the line). */
const linesOf = (text) => text.split('\n').map((l) => l.replace(/\r$/, ''));

/**
 * The markers of one file: [{ file, line, column, length?, severity, rule, message?, fixes?, source }]
 * (`line` and `column` 0-based; `length` undefined for `<-`; `fixes` [{kind, title}] or 'none').
 * Throws on a malformed marker line.
 */
export function parseMarkers(file, text) {
  const lines = linesOf(text);
  const markers = [];
  let target = -1; // the nearest preceding line that is not a marker
  let last; // the marker a `# fix` line belongs to
  lines.forEach((line, i) => {
    const m = MARKER.exec(line);
    if (m) {
      if (target < 0) throw new Error(`${file}:${i + 1}: a marker needs a line above it to point at`);
      const caret = m[2] !== '<-';
      if (!caret && m[1].indexOf('#') !== 0) throw new Error(`${file}:${i + 1}: a \`<-\` marker starts at column 0 (it points at column 0)`);
      last = {
        file,
        line: target,
        column: caret ? m[1].length : 0,
        length: caret ? m[2].length : undefined,
        severity: m[3],
        rule: m[4],
        message: m[5],
        fixes: undefined,
        source: i + 1,
      };
      markers.push(last);
      return;
    }
    const f = FIX.exec(line);
    if (f) {
      if (!last) throw new Error(`${file}:${i + 1}: a fix line must directly follow a marker`);
      if (f[3]) {
        if (last.fixes) throw new Error(`${file}:${i + 1}: \`fix: none\` cannot be combined with other fix lines`);
        last.fixes = 'none';
      } else {
        if (last.fixes === 'none') throw new Error(`${file}:${i + 1}: \`fix: none\` cannot be combined with other fix lines`);
        (last.fixes ??= []).push({ kind: f[1], title: f[2] });
      }
      return;
    }
    if (/^\s*#\s*(\^|<-|fix\s*[(:])/.test(line)) throw new Error(`${file}:${i + 1}: malformed marker: ${line.trim()}`);
    if (i > 0 && /^\s*#\s*settings:/.test(line)) throw new Error(`${file}:${i + 1}: \`# settings:\` belongs on the first line`);
    target = i;
    last = undefined;
  });
  return markers;
}

/** Settings of a case: the JSON of `# settings: {...}` first lines, merged over its files. */
export function settingsOf(files) {
  let settings;
  for (const text of Object.values(files)) {
    const m = SETTINGS.exec(linesOf(text)[0]);
    if (m) settings = { ...settings, ...JSON.parse(m[1]) };
  }
  return settings;
}

/** A workspace holding the files of a case, rooted at file:///ws/. */
export function caseWorkspace(files, settings = settingsOf(files)) {
  const ws = svc.createWorkspace(settings);
  ws.roots = [WS];
  for (const [rel, text] of Object.entries(files)) ws.setFile(WS + rel, text);
  return ws;
}

/** Where a finding is, as a marker describes it: 0-based line and column, length on its first line. */
export function place(text, start, end) {
  const before = start === 0 ? -1 : text.lastIndexOf('\n', start - 1);
  const line = text.slice(0, start).split('\n').length - 1;
  const column = start - before - 1;
  let eol = text.indexOf('\n', start);
  if (eol === -1) eol = text.length;
  if (eol > start && text[eol - 1] === '\r') eol--;
  // A finding that goes on past its line is marked up to the end of its first line; an empty one by one caret.
  const length = Math.max(1, Math.min(end, eol) - start);
  return { line, column, length };
}

/** The findings of the given rules in a case's workspace, placed like markers. */
export function actualFindings(ws, files, rules) {
  const out = [];
  for (const rel of Object.keys(files)) {
    const uri = WS + rel;
    const text = ws.getFile(uri)?.text ?? files[rel];
    const all = ws.diagnostics(uri);
    for (const d of all) {
      if (!rules.has(d.rule)) continue;
      out.push({ file: rel, ...place(text, d.start, d.end), severity: d.severity, rule: d.rule, message: d.message, finding: d, all });
    }
  }
  return out;
}

const matches = (m, a) =>
  m.file === a.file &&
  m.line === a.line &&
  m.column === a.column &&
  (m.length === undefined || m.length === a.length) &&
  m.severity === a.severity &&
  m.rule === a.rule &&
  (m.message === undefined || containsInOrder(a.message, m.message.split(' ... ')));

/** Whether a text contains the parts in this order (a message check `a ... b`). */
function containsInOrder(text, parts) {
  let at = 0;
  for (const p of parts) {
    const i = text.indexOf(p, at);
    if (i === -1) return false;
    at = i + p.length;
  }
  return true;
}

/** A marker line that would describe a finding (for copying into a fixture). */
export function markerFor(a) {
  const what = `${a.severity} ${a.rule}`;
  if (a.column === 0) return `# <- ${what}`;
  if (a.column === 1) return `#${'^'.repeat(a.length)} ${what}`;
  return `${' '.repeat(a.column - 2)}# ${'^'.repeat(a.length)} ${what}`;
}

const where = (x) => `${x.file}:${x.line + 1}:${x.column + 1}`;

/**
 * Compare markers with findings. Returns a list of problems (empty when they agree): markers no
 * finding satisfies, findings no marker describes, and fix expectations that do not hold.
 */
export function compare(ws, markers, actual) {
  const problems = [];
  const left = [...actual];
  const pairs = [];
  // The most specific markers first, so that a bare marker does not take the finding a marker with a message needs.
  const order = [...markers].sort((a, b) => (b.message !== undefined) - (a.message !== undefined) || (b.length !== undefined) - (a.length !== undefined));
  const missing = [];
  for (const m of order) {
    const i = left.findIndex((a) => matches(m, a));
    if (i === -1) missing.push(m);
    else pairs.push([m, left.splice(i, 1)[0]]);
  }
  for (const m of missing.sort((a, b) => a.source - b.source)) {
    const len = m.length === undefined ? 'line start' : `${m.length} long`;
    const msg = m.message === undefined ? '' : ` with a message containing ${JSON.stringify(m.message)}`;
    problems.push(`expected, not reported:  ${where(m)} ${m.severity} ${m.rule} (${len})${msg}  [marker on line ${m.source}]`);
  }
  for (const a of left) {
    problems.push(
      `reported, no marker:     ${where(a)} ${a.severity} ${a.rule} (${a.length} long): ${a.message}\n      as a marker below line ${a.line + 1}: ${markerFor(a)}`,
    );
  }
  for (const [m, a] of pairs) {
    if (!m.fixes) continue;
    const offered = svc.fixesFor(ws, a.finding.uri, a.finding.id).map((f) => ({ kind: f.kind, title: f.title }));
    const list = offered.length ? offered.map((f) => `fix(${f.kind}): ${f.title}`).join('; ') : 'none';
    if (m.fixes === 'none') {
      if (offered.length) problems.push(`fix expected none, offered: ${where(a)} ${a.rule}: ${list}`);
      continue;
    }
    for (const want of m.fixes) {
      if (!offered.some((f) => f.kind === want.kind && f.title === want.title))
        problems.push(`fix not offered:          ${where(a)} ${a.rule}: fix(${want.kind}): ${want.title}\n      offered: ${list}`);
    }
  }
  return problems;
}

function overlaps(a, b) {
  return (a.start < b.end && b.start < a.end) || (a.start === b.start && a.end === a.start && b.end === b.start);
}

/**
 * Apply the fixes of one rule's findings until nothing changes, as `meshlint --fix-suggestions`
 * does (chooseFix with suggestions: a safe fix, else the preferred suggestion), but for that rule only.
 * Returns relPath → text after fixing, for every file of the case.
 */
export function applyRuleFixes(ws, files, rule, maxPasses = 5, named = new Set()) {
  for (let pass = 0; pass < maxPasses; pass++) {
    const merged = new Map();
    let any = false;
    for (const rel of Object.keys(files)) {
      const all = ws.diagnostics(WS + rel);
      for (const f of all) {
        if (f.rule !== rule) continue;
        // The fix --fix-suggestions would apply; for a finding without one (only suggestions
        // that are not preferred), the first fix the case's markers name.
        const offered = svc.fixesFor(ws, f.uri, f.id);
        const fix = svc.chooseFix(offered, true) ?? offered.find((x) => named.has(x.title));
        if (!fix || !svc.editedTexts(ws, fix.edits)) continue;
        const clash = [...fix.edits].some(([u, list]) => list.some((e) => (merged.get(u) ?? []).some((x) => overlaps(e, x))));
        if (clash) continue;
        for (const [u, list] of fix.edits) merged.set(u, [...(merged.get(u) ?? []), ...list]);
        any = true;
      }
    }
    if (!any) break;
    const texts = svc.editedTexts(ws, merged);
    if (!texts) break;
    for (const [uri, text] of texts) ws.setFile(uri, text);
  }
  return Object.fromEntries(Object.keys(files).map((rel) => [rel, ws.getFile(WS + rel)?.text ?? files[rel]]));
}

/** A text without its marker lines (and `# fix` lines): what a .fixed.yaml is compared with. */
export function withoutMarkers(text) {
  return text
    .split('\n')
    .filter((l) => !MARKER.test(l.replace(/\r$/, '')) && !FIX.test(l.replace(/\r$/, '')))
    .join('\n');
}

/** A short line diff of two texts (first differing lines with their numbers). */
export function textDiff(expected, actual) {
  const e = expected.split('\n');
  const a = actual.split('\n');
  const out = [];
  for (let i = 0; i < Math.max(e.length, a.length) && out.length < 12; i++) {
    if (e[i] === a[i]) continue;
    if (e[i] !== undefined) out.push(`  ${i + 1} - ${JSON.stringify(e[i])}`);
    if (a[i] !== undefined) out.push(`  ${i + 1} + ${JSON.stringify(a[i])}`);
  }
  return out.join('\n');
}

/**
 * Run one case for a rule. Returns the problems found (empty when the case holds).
 */
export function runCase(rule, c) {
  const problems = [];
  const markers = [];
  for (const [rel, text] of Object.entries(c.files)) {
    try {
      markers.push(...parseMarkers(rel, text));
    } catch (e) {
      problems.push(e.message);
    }
  }
  if (problems.length) return problems;
  const known = new Set(svc.RULES.map((r) => r.id));
  for (const m of markers) if (!known.has(m.rule)) problems.push(`${m.file}:${m.source}: marker names no rule: ${m.rule}`);
  if (problems.length) return problems;
  let settings;
  try {
    settings = settingsOf(c.files);
  } catch (e) {
    return [`# settings: is not JSON: ${e.message}`];
  }
  const ws = caseWorkspace(c.files, settings);
  const rules = new Set([rule, ...markers.map((m) => m.rule)]);
  problems.push(...compare(ws, markers, actualFindings(ws, c.files, rules)));
  const expectedFixed = Object.entries(c.fixed);
  if (expectedFixed.length) {
    for (const [rel] of expectedFixed) if (!(rel in c.files)) problems.push(`${rel.replace(/\.yaml$/, '.fixed.yaml')}: no ${rel} beside it`);
    const named = new Set(markers.flatMap((m) => (m.rule === rule && Array.isArray(m.fixes) ? m.fixes.map((x) => x.title) : [])));
    const after = applyRuleFixes(ws, c.files, rule, 5, named);
    for (const [rel, text] of Object.entries(after)) {
      const want = c.fixed[rel];
      if (want === undefined) {
        if (text !== c.files[rel])
          problems.push(`${rel}: changed by the fixes of ${rule}, but there is no ${rel.replace(/\.yaml$/, '.fixed.yaml')}\n${textDiff(c.files[rel], text)}`);
        continue;
      }
      if (withoutMarkers(text) !== withoutMarkers(want))
        problems.push(
          `${rel}: the text after the fixes of ${rule} differs from ${rel.replace(/\.yaml$/, '.fixed.yaml')} (- expected, + actual; marker lines left out)\n${textDiff(withoutMarkers(want), withoutMarkers(text))}`,
        );
      const broken = ws.diagnostics(WS + rel).filter((d) => d.rule === 'yaml-syntax');
      for (const d of broken) problems.push(`${rel}: the fixed text does not parse: ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
    }
  }
  return problems;
}

/**
 * The findings of one rule in a fixture case (for the few JS tests that check what markers cannot:
 * `data`, related information, ranges of findings at column 0): [{ ...diagnostic, file, text }].
 */
export function caseFindings(rule, name) {
  const c = casesOf(join(root, 'test/rules', rule)).find((x) => x.name === name);
  if (!c) throw new Error(`no case test/rules/${rule}/${name}`);
  const ws = caseWorkspace(c.files);
  return Object.keys(c.files).flatMap((rel) =>
    ws
      .diagnostics(WS + rel)
      .filter((d) => d.rule === rule)
      .map((d) => ({ ...d, file: rel, text: c.files[rel] })),
  );
}
