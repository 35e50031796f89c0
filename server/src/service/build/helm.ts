/**
 * Helm charts as builds, the part that needs no process: which charts a workspace holds and
 * with which values files (`discoverCharts`), and how the output of `helm template` maps back
 * to the template lines that produced it (`mapHelmOutput`). Running helm is the Node layer's
 * (node/helm.ts).
 *
 * Mapping: every rendered document names its template in a `# Source: <chart>/templates/<file>`
 * comment. Within the template, each key (and each sequence item) of the rendered object is
 * found on the line that produced it: the line holding the same key, literally or as a
 * `{{ ... }}` action, with a value that fits (a literal that equals the rendered value, an
 * action, or nothing when a block follows), searched in order inside the block of the parent's
 * line, so repeated keys map in turn. A value no line holds literally but that an action line
 * of the parent's block emits (`{{- include "labels" . | nindent 4 }}`, `toYaml`) maps to that
 * line; otherwise it keeps its parent's line. A top-level value no line produced is shown at
 * the template's first line and listed in `approximate`.
 */
import { isMap, isScalar, isSeq, type Node, type Pair, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { dirOf } from '../kustomize';
import { escapePointer } from './tree';
import type { BuildProblem, BuiltObject, RenderRequest, SourceRef } from './types';

/** What a finding whose origin is listed in `BuiltObject.approximate` should say. */
export const APPROXIMATE_ORIGIN_NOTE = "shown at the template's first line: no line of the template produced this value";

// ---------------------------------------------------------------------------------------------
// Discovery

const CHART_FILE = /(^|\/)Chart\.yaml$/;
/** Values files for a chart, beside its Chart.yaml: values-prod.yaml, values.prod.yaml, prod-values.yaml. */
const SIBLING_VALUES = /^(values[-._].+|.+[-._]values)\.ya?ml$/;
/** chart-testing's values files: ci/*-values.yaml (and ci/*.yaml, which it reads too). */
const CI_VALUES = /^[^/]+\.ya?ml$/;

/** The build id of a rendered chart: `helm:<chart folder uri>`, plus `#<values uri>` per extra values file. */
export function helmBuildId(request: Pick<RenderRequest, 'root' | 'values'>): string {
  return `helm:${request.root}${request.values.map((v) => `#${v}`).join('')}`;
}

/**
 * The charts among the workspace's files (a folder with a Chart.yaml) and their builds: each
 * chart with its own values.yaml, then one further build per values file the repository keeps
 * for it (beside Chart.yaml: `values-prod.yaml`, `values.prod.yaml`, `prod-values.yaml`; in
 * `ci/`: `*.yaml`, as chart-testing reads them). A chart inside another chart's `charts/`
 * folder is a subchart, rendered with its parent, not a build of its own.
 */
export function discoverCharts(fileUris: Iterable<string>, opts: { namespace?: string } = {}): RenderRequest[] {
  const files = [...new Set(fileUris)].sort();
  const charts = new Set(files.filter((u) => CHART_FILE.test(u)).map(dirOf));
  const isSubchart = (root: string) => {
    const parent = root.slice(0, -1);
    const m = /^(.*\/)charts\/[^/]+$/.exec(parent);
    return !!m && charts.has(m[1]);
  };
  const out: RenderRequest[] = [];
  for (const root of [...charts].sort()) {
    if (isSubchart(root)) continue;
    const base: RenderRequest = { kind: 'helm', root, values: [] };
    if (opts.namespace) base.namespace = opts.namespace;
    out.push(base);
    for (const f of files) {
      if (!f.startsWith(root)) continue;
      const rest = f.slice(root.length);
      const extra = (!rest.includes('/') && rest !== 'values.yaml' && SIBLING_VALUES.test(rest)) || (rest.startsWith('ci/') && CI_VALUES.test(rest.slice(3)));
      if (extra) out.push({ ...base, values: [f] });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Template lines

/** Stands for the characters of a `{{ ... }}` action in the masked text (same length, so offsets hold). */
const MASK = '\uE000';
const ACTION = /\{\{[\s\S]*?\}\}/g;
const CONTROL = /^(if|else|end|range|with|define|block|break|continue)\b|^\/\*|^\$[\w]*\s*:?=/;

interface TLine {
  /** Offsets of the line in the template text (without the newline). */
  start: number;
  end: number;
  kind: 'blank' | 'comment' | 'control' | 'emit' | 'yaml' | 'separator';
  /** Column of the first character (a dash for a sequence item). */
  col: number;
  /** Whether the content starts with a sequence dash, and the column after it. */
  dash: boolean;
  contentCol: number;
  /** The key (masked text, quotes removed) and its column, when the line holds `key: ...`. */
  key?: string;
  keyCol: number;
  /** The value text after `key:` or after the dash (masked, trailing comment removed, trimmed). */
  value: string;
  /** End of the line's content: before a trailing comment and spaces. */
  contentEnd: number;
  /** The value is nothing but actions (`{{ toYaml .x }}`). */
  valueIsAction: boolean;
  /** Offset of the first action on the line (emit lines). */
  actionStart: number;
  actionEnd: number;
}

export interface TemplateFile {
  uri: string;
  text: string;
}

interface Template extends TemplateFile {
  lines: TLine[];
  /** [first, end) line ranges of the `---`-separated documents of the template. */
  regions: [number, number][];
}

const unquote = (s: string): string => {
  if (s.length >= 2 && ((s[0] === '"' && s.endsWith('"')) || (s[0] === "'" && s.endsWith("'")))) return s.slice(1, -1);
  return s;
};

function stripComment(s: string): string {
  // A `#` after whitespace starts a comment unless it is inside quotes.
  let quote = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      if (i === 0 || /[\s:[{,]/.test(s[i - 1])) quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(s[i - 1]))) return s.slice(0, i).trimEnd();
  }
  return s;
}

function analyzeTemplate(file: TemplateFile): Template {
  const { text } = file;
  let masked = '';
  let last = 0;
  const actions: [number, number][] = [];
  for (const m of text.matchAll(ACTION)) {
    const at = m.index ?? 0;
    masked += text.slice(last, at) + m[0].replace(/[^\n]/g, MASK);
    last = at + m[0].length;
    actions.push([at, last]);
  }
  masked += text.slice(last);
  const lines: TLine[] = [];
  let offset = 0;
  /** The first action that does not end before the current line. */
  let next = 0;
  for (const raw of masked.split('\n')) {
    const start = offset;
    const end = offset + raw.replace(/\r$/, '').length;
    offset += raw.length + 1;
    const line = raw.replace(/\r$/, '');
    const col = line.length - line.trimStart().length;
    const t: TLine = {
      start,
      end,
      kind: 'yaml',
      col,
      dash: false,
      contentCol: col,
      keyCol: col,
      value: '',
      contentEnd: end,
      valueIsAction: false,
      actionStart: -1,
      actionEnd: -1,
    };
    lines.push(t);
    const trimmed = line.trim();
    if (!trimmed) {
      t.kind = 'blank';
      continue;
    }
    if (/^---(\s|$)/.test(line) || line === '---') {
      t.kind = 'separator';
      continue;
    }
    if (trimmed.startsWith('#')) {
      t.kind = 'comment';
      continue;
    }
    if (!trimmed.split(MASK).join('').trim()) {
      // Only actions: output (include, toYaml, a value) or control (if, range, end, define, ...).
      while (next < actions.length && actions[next][1] <= start) next++;
      const on: [number, number][] = [];
      for (let k = next; k < actions.length && actions[k][0] < end; k++) on.push(actions[k]);
      const emits = on.filter(([a, b]) => {
        const inner = text
          .slice(a, b)
          .replace(/^\{\{-?\s*/, '')
          .replace(/\s*-?\}\}$/, '');
        return inner && !CONTROL.test(inner);
      });
      t.kind = emits.length ? 'emit' : 'control';
      if (emits.length) {
        t.actionStart = Math.max(start, emits[0][0]);
        t.actionEnd = Math.min(end, emits[emits.length - 1][1]);
      }
      continue;
    }
    let rest = line.slice(col);
    let restCol = col;
    const dash = /^-(\s+|$)/.exec(rest);
    if (dash) {
      t.dash = true;
      rest = rest.slice(dash[0].length);
      restCol += dash[0].length;
    }
    t.contentCol = restCol;
    t.keyCol = restCol;
    const quotedKey = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')\s*:(\s+|$)/.exec(rest);
    const plainKey = quotedKey ? undefined : /^([^\s#[{"'][^#]*?|[^\s#[{"'])\s*:(\s+|$)/.exec(rest);
    const km = quotedKey ?? plainKey;
    if (km && !/^[|>]/.test(rest)) {
      t.key = quotedKey ? unquote(km[1]) : km[1];
      t.value = stripComment(rest.slice(km[0].length)).trim();
    } else {
      t.value = stripComment(rest).trim();
    }
    t.valueIsAction = !!t.value && !t.value.split(MASK).join('').trim();
    t.contentEnd = start + stripComment(line).trimEnd().length;
  }
  const regions: [number, number][] = [];
  let first = 0;
  lines.forEach((l, i) => {
    if (l.kind !== 'separator') return;
    if (i > first) regions.push([first, i]);
    first = i + 1;
  });
  if (lines.length > first) regions.push([first, lines.length]);
  if (!regions.length) regions.push([0, lines.length]);
  return { ...file, lines, regions };
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const patterns = new Map<string, RegExp>();

/** Whether masked template text (literal parts and actions) can produce `rendered`: 'exact' for literal text, 'expr' with actions. */
function fits(pattern: string, rendered: string): 'exact' | 'expr' | undefined {
  const p = unquote(pattern);
  if (!p.includes(MASK)) return p === rendered ? 'exact' : undefined;
  let re = patterns.get(p);
  if (!re) {
    re = new RegExp(
      `^${p
        .split(new RegExp(`${MASK}+`))
        .map(escapeRe)
        .join('[\\s\\S]*?')}$`,
    );
    if (patterns.size > 10_000) patterns.clear();
    patterns.set(p, re);
  }
  return re.test(rendered) ? 'expr' : undefined;
}

// ---------------------------------------------------------------------------------------------
// Mapping one rendered document onto one region of its template

interface Stats {
  /** Values found on a line that holds them (literally or as an action). */
  exact: number;
  /** Values found on an action line that emits them (include, toYaml). */
  emitted: number;
  /** Values no line holds, under a parent that was found: they keep the parent's line. */
  inherited: number;
  /** Top-level values no line produced: shown at the template's first line. */
  fallback: number;
}

interface Mapping {
  origins: Map<string, SourceRef>;
  approximate: string[];
  stats: Stats;
}

function renderedText(rendered: string, node: Node): string {
  const r = node.range;
  if (!r) return '';
  return unquote(rendered.slice(r[0], r[1]).trim());
}

function mapDocument(tpl: Template, region: [number, number], root: Node, rendered: string): Mapping {
  const { lines, uri } = tpl;
  const origins = new Map<string, SourceRef>();
  const approximate: string[] = [];
  const stats: Stats = { exact: 0, emitted: 0, inherited: 0, fallback: 0 };
  const firstLineEnd = tpl.text.search(/\r?\n|$/);
  const fallback: SourceRef = { uri, start: 0, end: Math.max(0, firstLineEnd) };
  const lineRef = (i: number, col: number): SourceRef => {
    const l = lines[i];
    return { uri, start: l.start + col, end: Math.max(l.start + col, l.contentEnd) };
  };
  const emitRef = (i: number): SourceRef => ({ uri, start: lines[i].actionStart, end: lines[i].actionEnd });

  /** The end (exclusive) of the block that belongs to the line `i` whose content starts at column `col`. */
  const blockEnd = (i: number, col: number, hi: number, seqAtSameCol: boolean): number => {
    for (let j = i + 1; j < hi; j++) {
      const l = lines[j];
      if (l.kind !== 'yaml') continue;
      if (l.col < col || (l.col === col && !(seqAtSameCol && l.dash))) return j;
    }
    return hi;
  };

  const countAll = (node: Node | null | undefined, into: keyof Stats) => {
    if (isMap(node)) for (const p of node.items) countPair(p as Pair<Node, Node | null>, into);
    else if (isSeq(node)) for (const it of node.items) countAll(it as Node, into);
  };
  const countPair = (p: Pair<Node, Node | null>, into: keyof Stats) => {
    stats[into]++;
    countAll(p.value, into);
  };

  /** How well a line's value fits the rendered value node (`text`: the node's rendered text, for scalars). */
  const valueFits = (l: TLine, value: Node | null | undefined, text: string): 'exact' | 'expr' | undefined => {
    const v = l.value;
    if (isMap(value) || isSeq(value)) {
      const empty = (value as YAMLMap | YAMLSeq).items.length === 0;
      if (!v) return empty ? 'expr' : 'exact';
      if (v[0] === '[' || v[0] === '{') return 'exact';
      return l.valueIsAction ? 'expr' : undefined;
    }
    if (!v) return text ? 'expr' : 'exact';
    if (v[0] === '|' || v[0] === '>') return /^[|>][-+0-9]*$/.test(v) ? 'exact' : undefined;
    return fits(v, text);
  };
  const scalarText = (value: Node | null | undefined) => (value && !isMap(value) && !isSeq(value) ? renderedText(rendered, value) : '');

  const keyFits = (l: TLine, key: string): 'exact' | 'expr' | undefined => (l.key === undefined ? undefined : fits(l.key, key));

  /** The first line in [from, to) that satisfies `ok`, then in [lo, from): a range loop repeats its lines. */
  const search = (lo: number, from: number, hi: number, ok: (i: number) => boolean): number => {
    for (let i = from; i < hi; i++) if (ok(i)) return i;
    for (let i = lo; i < Math.min(from, hi); i++) if (ok(i)) return i;
    return -1;
  };

  const emitLine = (lo: number, from: number, hi: number) => search(lo, from, hi, (i) => lines[i].kind === 'emit');

  /** Up to `max` lines that satisfy `ok`, in search order. */
  const candidates = (lo: number, from: number, hi: number, ok: (i: number) => boolean, max: number): number[] => {
    const out: number[] = [];
    for (let i = from; i < hi && out.length < max; i++) if (ok(i)) out.push(i);
    for (let i = lo; i < Math.min(from, hi) && out.length < max; i++) if (ok(i)) out.push(i);
    return out;
  };

  /** Whether line `l` can be the dash line of sequence item `node`, and how well (2: literally, 1: by an action). */
  const itemFits = (l: TLine, node: Node, first: Pair<Node, Node | null> | undefined, firstKey: string, text: string): number => {
    if (l.kind !== 'yaml' || !l.dash) return 0;
    if (isMap(node)) {
      if (!first) return l.key === undefined ? 1 : 0;
      if (l.key === undefined) return l.value ? 0 : 1;
      const k = keyFits(l, firstKey);
      const v = k && valueFits(l, first.value, text);
      return v ? (k === 'exact' && v === 'exact' ? 2 : 1) : 0;
    }
    if (l.key !== undefined) return 0;
    const v = valueFits(l, node, text);
    return v === 'exact' ? 2 : v ? 1 : 0;
  };

  /**
   * How well the block [lo, hi) holds the direct children of a collection (2 per child found
   * literally, 1 by an action or an action line that can emit it): picks among lines that hold the same key in alternative branches
   * (`{{ if }} args: [...] {{ else }} args: [...]`).
   */
  const blockScore = (value: Node | null | undefined, lo: number, hi: number): number => {
    let score = 0;
    // A child no line holds is still explained by an action line of the block that emits it.
    let emits = 0;
    for (let i = lo; i < hi && !emits; i++) if (lines[i].kind === 'emit') emits = 1;
    if (isMap(value)) {
      for (const item of value.items.slice(0, 20)) {
        const pair = item as Pair<Node, Node | null>;
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        const text = scalarText(pair.value);
        let best = 0;
        for (let i = lo; i < hi && best < 2; i++) {
          const l = lines[i];
          if (l.kind !== 'yaml') continue;
          const k = keyFits(l, key);
          const v = k && valueFits(l, pair.value, text);
          if (v) best = Math.max(best, k === 'exact' && v === 'exact' ? 2 : 1);
        }
        score += best || emits;
      }
    } else if (isSeq(value)) {
      for (const item of value.items.slice(0, 20)) {
        const node = item as Node;
        const first = isMap(node) ? (node.items[0] as Pair<Node, Node | null> | undefined) : undefined;
        const firstKey = first && isScalar(first.key) ? String(first.key.value) : '';
        const text = scalarText(first ? first.value : node);
        let best = 0;
        for (let i = lo; i < hi && best < 2; i++) best = Math.max(best, itemFits(lines[i], node, first, firstKey, text));
        score += best || emits;
      }
    }
    return score;
  };

  /** Of several candidate lines, the one whose block holds the value's children best (the first on a tie). */
  const pick = (cands: number[], value: Node | null | undefined, blockOf: (i: number) => [number, number]): number => {
    if (cands.length < 2 || !(isMap(value) || isSeq(value))) return cands[0] ?? -1;
    let best = cands[0];
    let bestScore = -1;
    for (const c of cands) {
      const [a, b] = blockOf(c);
      const score = blockScore(value, a, b);
      if (score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    return best;
  };

  function walkMap(map: YAMLMap, pointer: string, lo: number, hi: number, topLevel: boolean): void {
    let cursor = lo;
    for (const item of map.items) {
      const pair = item as Pair<Node, Node | null>;
      const key = isScalar(pair.key) ? String(pair.key.value) : renderedText(rendered, pair.key as Node);
      const ptr = `${pointer}/${escapePointer(key)}`;
      const value = pair.value;
      const text = scalarText(value);
      const exactKey = (i: number) => lines[i].kind === 'yaml' && lines[i].key === key && !!valueFits(lines[i], value, text);
      const exprKey = (i: number) =>
        lines[i].kind === 'yaml' && lines[i].key?.includes(MASK) === true && keyFits(lines[i], key) === 'expr' && !!valueFits(lines[i], value, text);
      const blockOf = (i: number): [number, number] => [i + 1, blockEnd(i, lines[i].keyCol, hi, true)];
      let cands = candidates(lo, cursor, hi, exactKey, 4);
      if (!cands.length) cands = candidates(lo, cursor, hi, exprKey, 4);
      // A scalar: a line that holds it literally before one that computes it.
      const literal = isMap(value) || isSeq(value) ? -1 : (cands.find((i) => valueFits(lines[i], value, text) === 'exact') ?? -1);
      const at = literal >= 0 ? literal : pick(cands, value, blockOf);
      if (at >= 0) {
        const l = lines[at];
        origins.set(ptr, lineRef(at, l.keyCol));
        stats.exact++;
        const end = blockEnd(at, l.keyCol, hi, true);
        walkValue(value, ptr, at + 1, end);
        cursor = Math.max(at + 1, end);
        continue;
      }
      const emit = emitLine(lo, cursor, hi);
      if (emit >= 0) {
        origins.set(ptr, emitRef(emit));
        countPair(pair, 'emitted');
        continue;
      }
      if (topLevel) {
        origins.set(ptr, fallback);
        approximate.push(ptr);
        countPair(pair, 'fallback');
      } else countPair(pair, 'inherited');
    }
  }

  function walkSeq(seq: YAMLSeq, pointer: string, lo: number, hi: number): void {
    let cursor = lo;
    seq.items.forEach((item, index) => {
      const node = item as Node;
      const ptr = `${pointer}/${index}`;
      const first = isMap(node) ? (node.items[0] as Pair<Node, Node | null> | undefined) : undefined;
      const firstKey = first && isScalar(first.key) ? String(first.key.value) : '';
      const text = scalarText(first ? first.value : node);
      const ok = (i: number) => itemFits(lines[i], node, first, firstKey, text) > 0;
      const cands = candidates(lo, cursor, hi, ok, 4);
      const literal = cands.find((i) => itemFits(lines[i], node, first, firstKey, text) === 2);
      const at = isMap(node) || isSeq(node) ? pick(cands, node, (i) => [i, blockEnd(i, lines[i].col, hi, false)]) : (literal ?? cands[0] ?? -1);
      if (at >= 0) {
        const l = lines[at];
        origins.set(ptr, lineRef(at, l.contentCol));
        stats.exact++;
        const end = blockEnd(at, l.col, hi, false);
        if (isMap(node)) {
          // The item's first key sits on the dash line itself.
          walkMap(node, ptr, l.key === undefined ? at + 1 : at, end, false);
        } else walkValue(node, ptr, at + 1, end);
        cursor = Math.max(at + 1, end);
        return;
      }
      const emit = emitLine(lo, cursor, hi);
      if (emit >= 0) {
        origins.set(ptr, emitRef(emit));
        stats.emitted++;
        countAll(node, 'emitted');
        return;
      }
      stats.inherited++;
      countAll(node, 'inherited');
    });
  }

  function walkValue(node: Node | null | undefined, pointer: string, lo: number, hi: number): void {
    if (isMap(node)) walkMap(node, pointer, lo, hi, false);
    else if (isSeq(node)) walkSeq(node, pointer, lo, hi);
  }

  const [lo, hi] = region;
  const first = lines.findIndex((l, i) => i >= lo && i < hi && l.kind === 'yaml');
  origins.set('', first >= 0 ? lineRef(first, lines[first].col) : fallback);
  if (first < 0) approximate.push('');
  if (isMap(root)) walkMap(root, '', lo, hi, true);
  else if (isSeq(root)) walkSeq(root, '', lo, hi);
  return { origins, approximate, stats };
}

// ---------------------------------------------------------------------------------------------
// The output of `helm template`

export interface HelmOutputResult {
  objects: BuiltObject[];
  problems: BuildProblem[];
  /** The template files that rendered objects. */
  templates: string[];
  stats: Stats;
}

/**
 * The objects of `helm template` output, each with the origins of its values in its template.
 * `template(sourcePath)` gives the file a `# Source:` path names (`<chart>/templates/x.yaml`,
 * `<chart>/charts/<sub>/templates/y.yaml`), or undefined when it cannot be read (a subchart
 * packed as an archive); its objects are then shown at `fallback` (the chart's Chart.yaml).
 */
export function mapHelmOutput(output: string, template: (sourcePath: string) => TemplateFile | undefined, fallback: SourceRef): HelmOutputResult {
  const objects: BuiltObject[] = [];
  const problems: BuildProblem[] = [];
  const stats: Stats = { exact: 0, emitted: 0, inherited: 0, fallback: 0 };
  const cache = new Map<string, Template | undefined>();
  const lastRegion = new Map<string, number>();
  const docs = output.split(/^---[ \t]*\r?\n/m);
  for (const doc of docs) {
    const src = /^# Source: (.+?)\s*$/m.exec(doc)?.[1];
    const parsed = parseDocument(doc, { uniqueKeys: false });
    let value: unknown;
    try {
      value = parsed.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      problems.push({ message: `a document${src ? ` of ${src}` : ''} in helm's output cannot be read: ${(e as Error).message}`, at: fallback });
      continue;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
    const object: BuiltObject = { value: value as Record<string, unknown>, origins: new Map() };
    objects.push(object);
    if (!src) {
      object.origins.set('', fallback);
      object.approximate = [''];
      continue;
    }
    if (!cache.has(src)) {
      const file = template(src);
      cache.set(src, file ? analyzeTemplate(file) : undefined);
    }
    const tpl = cache.get(src);
    if (!tpl) {
      object.origins.set('', fallback);
      object.approximate = [''];
      problems.push({
        message: `${src} rendered ${describe(object.value)}, but the file is not in the chart's folder (a packed subchart?): it is shown at Chart.yaml`,
        at: fallback,
      });
      continue;
    }
    const root = parsed.contents as Node;
    let best: { mapping: Mapping; region: number } | undefined;
    const prev = lastRegion.get(src) ?? 0;
    // Only the parts of the template that can have produced this kind (a part without a literal `kind:` line may, by an action).
    const kind = String((object.value as { kind?: unknown }).kind ?? '');
    const canProduce = (i: number) => {
      const [a, b] = tpl.regions[i];
      let kindLines = 0;
      for (let j = a; j < b; j++) {
        const l = tpl.lines[j];
        if (l.kind !== 'yaml' || l.key !== 'kind' || l.col !== 0) continue;
        kindLines++;
        if (fits(l.value, kind)) return true;
      }
      return kindLines === 0;
    };
    let order = tpl.regions.map((_, i) => i);
    if (order.length > 1) {
      const able = order.filter(canProduce);
      if (able.length) order = able;
    }
    // Prefer the region after the one the previous document of this template took.
    const n = tpl.regions.length;
    order.sort((a, b) => ((a - prev + n) % n) - ((b - prev + n) % n));
    for (const i of order.slice(0, 50)) {
      const mapping = mapDocument(tpl, tpl.regions[i], root, doc);
      if (!best || mapping.stats.exact > best.mapping.stats.exact) best = { mapping, region: i };
    }
    if (!best) continue;
    lastRegion.set(src, best.region + (tpl.regions.length > 1 ? 1 : 0));
    object.origins = best.mapping.origins;
    if (best.mapping.approximate.length) object.approximate = best.mapping.approximate;
    for (const k of Object.keys(stats) as (keyof Stats)[]) stats[k] += best.mapping.stats[k];
  }
  return { objects, problems, templates: [...cache.entries()].filter(([, t]) => t).map(([, t]) => (t as Template).uri), stats };
}

function describe(value: Record<string, unknown>): string {
  const name = (value.metadata as { name?: unknown } | undefined)?.name;
  return `${String(value.kind ?? 'an object')}${typeof name === 'string' ? ` ${name}` : ''}`;
}

/**
 * A failed render as a problem, placed where helm's message points (`<chart>/templates/x.yaml:12:3`,
 * `parse error on <chart>/templates/x.yaml`) when `template` can read that file, else at `fallback`.
 */
export function helmErrorProblem(stderr: string, template: (sourcePath: string) => TemplateFile | undefined, fallback: SourceRef): BuildProblem {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !/^Use --debug flag/.test(l));
  const message = `helm template failed: ${
    lines
      .join(' ')
      .replace(/^Error: /, '')
      .slice(0, 600) || 'no message'
  }`;
  const located = /([\w.-]+(?:\/charts\/[\w.-]+)*\/(?:templates|crds)\/[^\s:]+):(\d+)(?::(\d+))?/.exec(stderr);
  const named = located ?? /(?:parse error|error) on ([\w.-]+(?:\/charts\/[\w.-]+)*\/(?:templates|crds)\/[^\s:]+)/.exec(stderr);
  if (named) {
    const file = template(named[1]);
    if (file) {
      if (located) {
        const line = Number(located[2]);
        const col = Number(located[3] ?? 1);
        let start = 0;
        for (let i = 1; i < line && start >= 0; i++) {
          const nl = file.text.indexOf('\n', start);
          start = nl < 0 ? -1 : nl + 1;
        }
        if (start >= 0) {
          const lineEnd = file.text.indexOf('\n', start);
          const end = lineEnd < 0 ? file.text.length : lineEnd;
          return { message, at: { uri: file.uri, start: Math.min(start + col - 1, end), end } };
        }
      }
      const firstEnd = file.text.search(/\r?\n|$/);
      return { message, at: { uri: file.uri, start: 0, end: firstEnd } };
    }
  }
  return { message, at: fallback };
}
