/**
 * One rendered document of `helm template` mapped onto one region of its template: each key
 * and sequence item goes to the template line that produced it, searched in order within the
 * block of its parent's line (see helm.ts for the whole rule), with counts of how each value
 * was found.
 */
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { firstLineRef, fits, MASK, type Template, type TLine, unquote } from './helm-template';
import { escapePointer } from './tree';
import type { SourceRef } from './types';
export interface Stats {
  /** Values found on a line that holds them (literally or as an action). */
  exact: number;
  /** Values found on an action line that emits them (include, toYaml). */
  emitted: number;
  /** Values no line holds, under a parent that was found: they keep the parent's line. */
  inherited: number;
  /** Top-level values no line produced: shown at the template's first line. */
  fallback: number;
}

export interface Mapping {
  origins: Map<string, SourceRef>;
  approximate: string[];
  stats: Stats;
}

function renderedText(rendered: string, node: Node): string {
  const r = node.range;
  if (!r) return '';
  return unquote(rendered.slice(r[0], r[1]).trim());
}

export function mapDocument(tpl: Template, region: [number, number], root: Node, rendered: string): Mapping {
  const { lines, uri } = tpl;
  const origins = new Map<string, SourceRef>();
  const approximate: string[] = [];
  const stats: Stats = { exact: 0, emitted: 0, inherited: 0, fallback: 0 };
  const fallback = firstLineRef(tpl);
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
