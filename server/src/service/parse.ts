/**
 * Parsing: file text → YAML documents with exact ranges, plus the findings that
 * belong to the text itself (syntax errors, pasted non-breaking spaces and tabs,
 * template syntax, oversized files).
 *
 * A file is split at document markers (`---` at column 0) into chunks that are
 * parsed separately and cached by their text, so editing one document of a large
 * multi-document file re-parses only that document. YAML forbids a document
 * marker inside any scalar, so the split is exact.
 */
import { type Document, parseAllDocuments } from 'yaml';

export interface YamlDoc {
  /** Absolute offset of this document's chunk in the file text. Node ranges are relative to it. */
  base: number;
  /** The normalized chunk text the document was parsed from. */
  chunk: string;
  doc: Document.Parsed;
  /** Position of the document in the file (0-based). */
  index: number;
}

export interface NormalizeResult {
  /** Text with pasted non-breaking spaces and indentation tabs turned into plain spaces (same length). */
  text: string;
  /** The lines that had them (reported by the pasted-whitespace rule). */
  pasted: PastedLine[];
}

/** A line with pasted non-breaking spaces or indentation tabs. */
export interface PastedLine {
  /** 0-based line number. */
  line: number;
  /** Offsets of the replaced characters, in order. */
  offsets: number[];
  nbsp: number;
  tabs: number;
}

// logLevel 'error': a collection used as a map key is reported by the rules, not printed to stderr by toJS().
const PARSE_OPTIONS = { prettyErrors: false, keepSourceTokens: false, uniqueKeys: true, logLevel: 'error' } as const;
/**
 * The parser's duplicate-key check compares each key with every earlier key of its map: a map
 * of 50,000 keys took 70 s. Documents over MAX_UNIQUE_KEYS_LINES lines skip it (a map of that
 * many keys costs under a second).
 */
const MAX_UNIQUE_KEYS_LINES = 5000;
const LARGE_PARSE_OPTIONS = { ...PARSE_OPTIONS, uniqueKeys: false } as const;
function manyLines(chunk: string): boolean {
  if (chunk.length < MAX_UNIQUE_KEYS_LINES * 2) return false;
  let n = 0;
  for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) if (++n > MAX_UNIQUE_KEYS_LINES) return true;
  return false;
}

/**
 * Pasted text: U+00A0 where YAML needs a space, and tabs in indentation. Each affected
 * line is reported once; the returned text has them replaced one for one, so every
 * offset stays valid for the original text.
 */
export function normalizeWhitespace(text: string): NormalizeResult {
  const hasNbsp = text.includes('\u00a0');
  const hasTab = text.includes('\t');
  if (!hasNbsp && !hasTab) return { text, pasted: [] };
  const out: string[] = [];
  const pasted: PastedLine[] = [];
  let lineStart = 0;
  let lineNo = 0;
  // Inside a block scalar (`key: |`) every character of a more indented line is text.
  let blockParent = -1;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    let lead = 0;
    while (lead < line.length && (line[lead] === ' ' || line[lead] === '\t' || line[lead] === '\u00a0')) lead++;
    const blank = lead === line.length || line[lead] === '\r';
    if (blockParent >= 0 && (blank || lead > blockParent)) {
      out.push(line);
    } else {
      blockParent = -1;
      let fixed = line;
      if (line.includes('\u00a0') || line.includes('\t')) {
        const r = normalizeLine(line);
        fixed = r.fixed;
        const { nbsp, tabs } = r;
        const flagged = [...nbsp, ...tabs].sort((a, b) => a - b);
        if (flagged.length) pasted.push({ line: lineNo, offsets: flagged.map((o) => lineStart + o), nbsp: nbsp.length, tabs: tabs.length });
      }
      out.push(fixed);
      if (BLOCK_START.test(stripComment(fixed))) blockParent = lead;
    }
    if (lineEnd === text.length) break;
    lineStart = lineEnd + 1;
    lineNo++;
  }
  return { text: out.join('\n'), pasted };
}

const BLOCK_START = /(^|:|^\s*-|\s-)\s*[|>][0-9+-]*\s*$/;

function stripComment(line: string): string {
  const i = line.search(/\s#/);
  return (i === -1 ? line : line.slice(0, i)).replace(/\r$/, '');
}

/**
 * Replace NBSPs where YAML needs a space (indentation, and the separator after `key:` or
 * `-`), and tabs in the indentation of a structural line. An NBSP anywhere else (inside a
 * quoted or plain scalar, in a comment) is text, as Go's YAML parser reads it: left alone.
 */
function normalizeLine(line: string): { fixed: string; nbsp: number[]; tabs: number[] } {
  const chars = line.split('');
  const nbsp: number[] = [];
  const tabs: number[] = [];
  // Tabs: only in the leading run, and only when the line looks like YAML structure.
  let lead = 0;
  while (lead < chars.length && (chars[lead] === ' ' || chars[lead] === '\t' || chars[lead] === '\u00a0')) lead++;
  const rest = line.slice(lead).replace(/\u00a0/g, ' ');
  const structural = /^(- |-$|#|[^\s#'"][^:#]*:(\s|$)|["'][^"']*["']\s*:(\s|$))/.test(rest);
  let quote: string | null = null;
  let inComment = false;
  // True while the characters seen since the last indicator are only separators.
  let separator = true;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (inComment) break;
    if (quote) {
      if (c === quote) {
        if (quote === "'" && chars[i + 1] === "'") i++;
        else quote = null;
      } else if (c === '\\' && quote === '"') i++;
      continue;
    }
    if (c === '\u00a0') {
      if (separator) {
        chars[i] = ' ';
        nbsp.push(i);
      }
      continue;
    }
    if (c === '\t' && i < lead && structural) {
      chars[i] = ' ';
      tabs.push(i);
      continue;
    }
    if (c === ' ' || c === '\t') continue;
    const prev = i === 0 ? ' ' : chars[i - 1];
    const boundary = prev === ' ' || prev === '\t' || prev === '[' || prev === '{' || prev === ',';
    // `key:` and `-` followed by a (non-breaking) space are indicators; what follows them may be a separator.
    const next = chars[i + 1];
    const indicator = (c === ':' || c === '-') && (next === ' ' || next === '\u00a0' || next === undefined || next === '\t');
    if (indicator && (c === ':' || separator)) {
      separator = true;
      continue;
    }
    separator = false;
    if ((c === '"' || c === "'") && boundary) quote = c;
    else if (c === '#' && (i === 0 || prev === ' ' || prev === '\t' || prev === '\u00a0')) inComment = true;
  }
  return { fixed: nbsp.length || tabs.length ? chars.join('') : line, nbsp, tabs };
}

/** Helm / Go template syntax: the file is not YAML until it is rendered. */
export function findTemplateSyntax(text: string): number {
  const i = text.indexOf('{{');
  if (i === -1) return -1;
  const close = text.indexOf('}}', i + 2);
  return close === -1 ? -1 : i;
}

const MARKER = /^---(?=[ \t\r\n]|$)/gm;

/** Split a text at document start markers. Each chunk starts at a marker line (except the first). */
export function splitChunks(text: string): { base: number; text: string }[] {
  const starts = [0];
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(text); m; m = MARKER.exec(text)) {
    if (m.index !== 0) starts.push(m.index);
  }
  const chunks: { base: number; text: string }[] = [];
  for (let i = 0; i < starts.length; i++) {
    const end = i + 1 < starts.length ? starts[i + 1] : text.length;
    chunks.push({ base: starts[i], text: text.slice(starts[i], end) });
  }
  return chunks;
}

export interface ChunkCacheEntry {
  chunk: string;
  docs: Document.Parsed[];
}

/** A per-file cache of parsed chunks, keyed by chunk text. */
export class ChunkCache {
  private map = new Map<string, Document.Parsed[][]>();

  take(chunk: string): Document.Parsed[] | undefined {
    const list = this.map.get(chunk);
    if (!list?.length) return undefined;
    const docs = list.pop();
    if (!list.length) this.map.delete(chunk);
    return docs;
  }

  put(chunk: string, docs: Document.Parsed[]): void {
    const list = this.map.get(chunk);
    if (list) list.push(docs);
    else this.map.set(chunk, [docs]);
  }
}

export interface ParseResult {
  docs: YamlDoc[];
  /** Documents that were parsed anew (not taken from the cache). */
  reparsed: Set<Document.Parsed>;
  cache: ChunkCache;
}

/** Parse normalized text into documents, reusing unchanged chunks from `previous`. */
export function parseDocuments(text: string, previous?: ChunkCache): ParseResult {
  const cache = new ChunkCache();
  const reparsed = new Set<Document.Parsed>();
  const docs: YamlDoc[] = [];
  for (const { base, text: chunk } of splitChunks(text)) {
    let parsed = previous?.take(chunk);
    if (!parsed) {
      parsed = parseLenient(chunk);
      for (const d of parsed) reparsed.add(d);
    }
    cache.put(chunk, parsed);
    for (const doc of parsed) docs.push({ base, chunk, doc, index: docs.length });
  }
  return { docs, reparsed, cache };
}

function parseStrict(text: string): Document.Parsed[] {
  const parsed = parseAllDocuments(text, manyLines(text) ? LARGE_PARSE_OPTIONS : PARSE_OPTIONS) as Document.Parsed[];
  return Array.isArray(parsed) ? parsed : [];
}

function errorCount(docs: Document.Parsed[]): number {
  let n = 0;
  for (const d of docs) n += d.errors.length;
  return n;
}

/**
 * Parse a chunk as Go's YAML parser (what kubectl and Istio use) reads it. The `yaml`
 * package follows the YAML spec's indentation rule for the continuation lines of a
 * multi-line quoted scalar; libyaml does not check it. When the strict parse fails, the
 * line breaks inside such scalars are read as the spaces they fold to (same length, so
 * every offset stays valid) and the chunk is parsed again.
 */
export function parseLenient(chunk: string): Document.Parsed[] {
  const strict = parseStrict(chunk);
  const n = errorCount(strict);
  if (!n) return strict;
  const relaxed = relaxQuotedScalars(chunk);
  if (relaxed === chunk) return strict;
  const again = parseStrict(relaxed);
  return errorCount(again) < n ? again : strict;
}

/**
 * Join the lines of multi-line quoted scalars whose continuation lines are indented no
 * deeper than the line the scalar starts on (the construct libyaml accepts and the YAML
 * spec does not). Each such line break becomes a space; all other text is unchanged.
 */
export function relaxQuotedScalars(text: string): string {
  const chars = text.split('');
  let changed = false;
  let lineStart = 0;
  let i = 0;
  const indentOf = (start: number) => {
    let k = start;
    while (chars[k] === ' ') k++;
    return k - start;
  };
  while (i < chars.length) {
    const c = chars[i];
    if (c === '\n') {
      lineStart = i + 1;
      i++;
      continue;
    }
    if (c === '#' && (i === lineStart || chars[i - 1] === ' ' || chars[i - 1] === '\t')) {
      while (i < chars.length && chars[i] !== '\n') i++;
      continue;
    }
    const prev = i === lineStart ? ' ' : chars[i - 1];
    const opens = (c === '"' || c === "'") && (prev === ' ' || prev === '\t' || prev === '[' || prev === '{' || prev === ',' || prev === '-');
    if (!opens) {
      i++;
      continue;
    }
    // Scan to the closing quote, noting the line breaks inside.
    const quote = c;
    const baseIndent = indentOf(lineStart);
    const breaks: number[] = [];
    let under = false;
    let j = i + 1;
    for (; j < chars.length; j++) {
      const d = chars[j];
      if (d === quote) {
        if (quote === "'" && chars[j + 1] === "'") {
          j++;
          continue;
        }
        break;
      }
      if (d === '\\' && quote === '"') {
        j++;
        continue;
      }
      if (d === '\n') {
        breaks.push(j);
        let k = j + 1;
        while (chars[k] === ' ') k++;
        if (chars[k] !== '\n' && k - (j + 1) <= baseIndent) under = true;
        if (/^(---|\.\.\.)(\s|$)/.test(text.slice(j + 1, j + 5))) break;
      }
    }
    if (j >= chars.length) break;
    if (under && breaks.length) {
      for (const b of breaks) {
        chars[b] = ' ';
        if (chars[b - 1] === '\r') chars[b - 1] = ' ';
      }
      changed = true;
    }
    // Continue after the closing quote; the line it sits on keeps its own start.
    if (breaks.length && !under) lineStart = breaks[breaks.length - 1] + 1;
    i = j + 1;
  }
  return changed ? chars.join('') : text;
}

export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
