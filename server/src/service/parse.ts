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
import { parseAllDocuments, type Document } from 'yaml';
import type { Finding } from './types';

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
  findings: Finding[];
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
export function normalizeWhitespace(uri: string, text: string): NormalizeResult {
  const hasNbsp = text.includes('\u00a0');
  const hasTab = text.includes('\t');
  if (!hasNbsp && !hasTab) return { text, findings: [] };
  const out: string[] = [];
  const findings: Finding[] = [];
  let lineStart = 0;
  let lineNo = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    if (line.includes('\u00a0') || line.includes('\t')) {
      const { fixed, nbsp, tabs } = normalizeLine(line);
      out.push(fixed);
      const flagged = [...nbsp, ...tabs].sort((a, b) => a - b);
      if (flagged.length) {
        const kinds: string[] = [];
        if (nbsp.length) kinds.push('non-breaking spaces (U+00A0)');
        if (tabs.length) kinds.push('tabs (U+0009) in indentation');
        const origin = nbsp.length
          ? 'they usually come from copying YAML out of a web page, a PDF or a chat message'
          : 'they usually come from an editor that indents with tabs';
        findings.push({
          rule: 'pasted-whitespace',
          severity: 'error',
          uri,
          start: lineStart + flagged[0],
          end: lineStart + flagged[flagged.length - 1] + 1,
          message: `Line ${lineNo + 1} has ${kinds.join(' and ')} where YAML needs plain spaces; ${origin}. Kubernetes rejects or misreads this text; it was analyzed as if they were plain spaces.`,
          data: {
            line: lineNo,
            offsets: flagged.map((o) => lineStart + o),
            nbsp: nbsp.length,
            tabs: tabs.length,
          },
        });
      }
    } else {
      out.push(line);
    }
    if (lineEnd === text.length) break;
    lineStart = lineEnd + 1;
    lineNo++;
  }
  return { text: out.join('\n'), findings };
}

/** Replace NBSPs outside quoted scalars, and tabs in the indentation of a structural line. */
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
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (inComment) {
      if (c === '\u00a0') chars[i] = ' ';
      continue;
    }
    if (quote) {
      if (c === quote) {
        if (quote === "'" && chars[i + 1] === "'") i++;
        else quote = null;
      } else if (c === '\\' && quote === '"') i++;
      continue;
    }
    if (c === '\u00a0') {
      chars[i] = ' ';
      nbsp.push(i);
      continue;
    }
    if (c === '\t' && i < lead && structural) {
      chars[i] = ' ';
      tabs.push(i);
      continue;
    }
    const prev = i === 0 ? ' ' : chars[i - 1];
    const boundary = prev === ' ' || prev === '\t' || prev === '[' || prev === '{' || prev === ',';
    if ((c === '"' || c === "'") && boundary) quote = c;
    else if (c === '#' && (i === 0 || prev === ' ' || prev === '\t')) inComment = true;
  }
  return { fixed: nbsp.length || tabs.length || line.includes('\u00a0') ? chars.join('') : line, nbsp, tabs };
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
    if (!list || !list.length) return undefined;
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
      parsed = parseAllDocuments(chunk, manyLines(chunk) ? LARGE_PARSE_OPTIONS : PARSE_OPTIONS) as Document.Parsed[];
      if (!Array.isArray(parsed)) parsed = [];
      for (const d of parsed) reparsed.add(d);
    }
    cache.put(chunk, parsed);
    for (const doc of parsed) docs.push({ base, chunk, doc, index: docs.length });
  }
  return { docs, reparsed, cache };
}

/** Syntax errors and warnings of the parsed documents, as findings. */
export function syntaxFindings(uri: string, docs: YamlDoc[]): Finding[] {
  const out: Finding[] = [];
  for (const d of docs) {
    for (const e of d.doc.errors) {
      out.push({
        rule: 'yaml-syntax',
        severity: 'error',
        uri,
        // An error at the end of the text has pos [len, len + 1]: clamp it to the chunk.
        start: d.base + Math.min(e.pos[0], d.chunk.length),
        end: d.base + Math.min(Math.max(e.pos[1], e.pos[0] + 1), d.chunk.length),
        message: `YAML syntax error: ${e.message}`,
        data: { code: e.code },
      });
    }
  }
  return out;
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
