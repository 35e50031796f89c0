/**
 * Resource bounds on hostile input: alias expansion and nesting depth are measured once per
 * parsed document (linear in its size; aliases are never expanded), and the rules of one file
 * share a time budget (see the workspace's rule runner). A file over `maxFileSize` is skipped before
 * parsing (see the workspace's file reader), which also bounds the length of any line.
 */
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';

/** Nodes a document may reach through aliases before it counts as an alias bomb ("billion laughs"). */
export const MAX_ALIAS_EXPANSION = 1_000_000;
/** Collection nesting deeper than this is not analyzed (real manifests stay far below: CRD schemas reach about 40). */
export const MAX_DEPTH = 256;

export interface DocLimits {
  /** Node count with every alias expanded, saturated at MAX_ALIAS_EXPANSION + 1. */
  expanded: number;
  tooDeep: boolean;
  /** Offset (in the chunk) of the first collection past MAX_DEPTH. */
  deepAt?: number;
}

const CAP = MAX_ALIAS_EXPANSION + 1;

const measured = new WeakMap<Document, DocLimits>();

/** The bounds of a document, measured once (the index and the analysis-limit rule both ask). */
export function measureDocument(doc: Document): DocLimits {
  let m = measured.get(doc);
  if (!m) measured.set(doc, (m = measure(doc)));
  return m;
}

function measure(doc: Document): DocLimits {
  const anchors = new Map<string, Node>();
  const sizes = new WeakMap<object, number>();
  const active = new Set<object>();
  const out: DocLimits = { expanded: 0, tooDeep: false };
  const size = (node: unknown, depth: number): number => {
    if (!node || typeof node !== 'object') return 0;
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (!target || active.has(target)) return 1;
      return sizes.get(target) ?? 1;
    }
    if (isScalar(node)) {
      if (node.anchor) anchors.set(node.anchor, node);
      return 1;
    }
    if (!isMap(node) && !isSeq(node)) return 1;
    if (depth > MAX_DEPTH) {
      if (!out.tooDeep) {
        out.tooDeep = true;
        out.deepAt = node.range?.[0];
      }
      return 1;
    }
    if (node.anchor) anchors.set(node.anchor, node);
    active.add(node);
    let n = 1;
    for (const it of node.items as unknown[]) {
      if (isPair(it)) n += size(it.key, depth + 1) + size(it.value, depth + 1);
      else n += size(it, depth + 1);
      if (n > CAP) n = CAP;
    }
    active.delete(node);
    sizes.set(node, n);
    return n;
  };
  out.expanded = Math.min(CAP, size(doc.contents, 0));
  return out;
}

/**
 * Flow nesting ([ and {) deeper than this is refused before parsing: the parser recurses on it,
 * which costs seconds per 100 KB and, from about 800 levels, overflows the stack at a depth
 * that depends on the caller (so even its syntax errors would vary from call to call).
 */
export const MAX_FLOW_SCAN_DEPTH = MAX_DEPTH;

/**
 * Offset where flow collections nest deeper than `limit`, or -1. A quick scan of the text
 * (quoted scalars and comments skipped) that runs only when the text holds more than `limit`
 * opening brackets at all.
 */
export function deepFlowAt(text: string, limit = MAX_FLOW_SCAN_DEPTH): number {
  let opens = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) opens++;
  }
  if (opens <= limit) return -1;
  let depth = 0;
  let quote = '';
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      comment = false;
      // A document marker ends any flow collection (and any stray bracket of a plain scalar).
      if (text.startsWith('---', i + 1) && !quote) depth = 0;
      continue;
    }
    if (comment) continue;
    if (quote) {
      if (c === quote) {
        if (quote === "'" && text[i + 1] === "'") i++;
        else quote = '';
      } else if (c === '\\' && quote === '"') i++;
      continue;
    }
    const prev = i === 0 ? ' ' : text[i - 1];
    if (c === '#' && (prev === ' ' || prev === '\t')) comment = true;
    else if ((c === '"' || c === "'") && ' \t[{,:'.includes(prev)) quote = c;
    else if (c === '[' || c === '{') {
      if (++depth > limit) return i;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return -1;
}

/** A block scalar's header at the end of a line (`key: |`, `- >-`, `: |2`), comments allowed after it. */
const BLOCK_SCALAR_HEADER = /(?:^|[\s:-])[|>][-+0-9]{0,2}[ \t]*(?:#.*)?$/;

/**
 * Block nesting that may be this deep is refused before parsing: the parser recurses on block
 * nesting too, and overflows the stack from about 1,000 levels, at a depth that depends on the
 * caller and the thread (so the file's findings would too). Documents nested past MAX_DEPTH are
 * not analysed anyway (measureDocument, after the parse); this bound only keeps the parse safe.
 */
export const MAX_BLOCK_SCAN_DEPTH = 640;

/**
 * Offset of the first line whose block nesting may exceed `limit`, or -1. Two upper bounds of a
 * line's depth, the smaller taken: its content's column plus one (each level indents at least one
 * column, a sequence under a mapping key shares the key's column but its items' content is two
 * further), and twice the indentation levels open above it plus its compact indicators (`- - -`,
 * `? `; a level's column can hold a mapping and the sequence under it). Block scalar contents and
 * comment lines are skipped.
 */
export function deepBlockAt(text: string, limit = MAX_BLOCK_SCAN_DEPTH): number {
  if (text.length < limit || !indentedPast(text, limit - 1)) return -1;
  const indents: number[] = [];
  let scalarIndent = -1;
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    let i = start;
    while (i < end && text.charCodeAt(i) === 0x20) i++;
    const indent = i - start;
    const blank = i === end || text[i] === '\r' || text[i] === '#';
    if (scalarIndent !== -1 && (blank || indent > scalarIndent)) {
      start = end + 1;
      continue;
    }
    scalarIndent = -1;
    if (!blank) {
      while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
      let compact = 0;
      while (i + 1 < end && (text[i] === '-' || text[i] === '?' || text[i] === ':') && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
        compact++;
        i += 2;
        while (i < end && text[i] === ' ') i++;
      }
      if (Math.min(i - start + 1, 2 * (indents.length + compact)) > limit) return start + indent;
      if (BLOCK_SCALAR_HEADER.test(text.slice(i, end))) scalarIndent = indent;
    }
    start = end + 1;
  }
  return -1;
}

/**
 * True when a line starts with at least `columns` characters of indentation and block indicators
 * (spaces, tabs, `-`, `?`, `:`): without one, no line's content column reaches `columns`, and the
 * scan of deepBlockAt can be skipped (it runs on every read of a file, and most lines are short).
 */
function indentedPast(text: string, columns: number): boolean {
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (end - start >= columns) {
      const stop = start + columns;
      let i = start;
      for (; i < stop; i++) {
        const c = text.charCodeAt(i);
        if (c !== 0x20 && c !== 0x09 && c !== 0x2d && c !== 0x3f && c !== 0x3a) break;
      }
      if (i === stop) return true;
    }
    start = end + 1;
  }
  return false;
}
