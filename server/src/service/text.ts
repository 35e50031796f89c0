import type { Position, Range } from './types';

/** Maps absolute UTF-16 offsets to LSP positions and back. Built lazily, once per text. */
export class LineIndex {
  private starts: number[] | undefined;
  constructor(readonly text: string) {}

  private lineStarts(): number[] {
    if (!this.starts) {
      const starts = [0];
      const t = this.text;
      for (let i = t.indexOf('\n'); i !== -1; i = t.indexOf('\n', i + 1)) starts.push(i + 1);
      this.starts = starts;
    }
    return this.starts;
  }

  get lineCount(): number {
    return this.lineStarts().length;
  }

  positionAt(offset: number): Position {
    const starts = this.lineStarts();
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - starts[lo] };
  }

  offsetAt(pos: Position): number {
    const starts = this.lineStarts();
    if (pos.line < 0) return 0;
    if (pos.line >= starts.length) return this.text.length;
    const lineEnd = pos.line + 1 < starts.length ? starts[pos.line + 1] - 1 : this.text.length;
    return Math.max(starts[pos.line], Math.min(starts[pos.line] + Math.max(0, pos.character), lineEnd));
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  lineStart(line: number): number {
    const starts = this.lineStarts();
    return starts[Math.max(0, Math.min(line, starts.length - 1))];
  }

  /** The text of a line without its line break. */
  lineText(line: number): string {
    const starts = this.lineStarts();
    if (line < 0 || line >= starts.length) return '';
    const end = line + 1 < starts.length ? starts[line + 1] - 1 : this.text.length;
    let s = this.text.slice(starts[line], end);
    if (s.endsWith('\r')) s = s.slice(0, -1);
    return s;
  }
}

/** Levenshtein distance, small and allocation-light; used for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/** The candidate closest to `word`, if it is close enough to be a plausible typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const w = word.toLowerCase().replace(/[\s_-]/g, '');
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase().replace(/[\s_-]/g, ''));
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.floor(Math.max(word.length, best.length) / 3));
  return bestD <= limit ? best : undefined;
}

export function percent(part: number, total: number): string {
  if (total <= 0) return '0%';
  const p = (part / total) * 100;
  return `${Number.isInteger(p) ? p : p.toFixed(1)}%`;
}

/** The file's indentation step (2 or 4, …): the most common increase of indentation between consecutive lines. */
export function detectIndentUnit(text: string): number {
  const counts = new Map<number, number>();
  let prev = -1;
  let lines = 0;
  for (const line of text.split('\n')) {
    if (++lines > 2000) break;
    const m = /^( *)(\S)/.exec(line);
    if (!m || m[2] === '#') continue;
    const ind = m[1].length;
    if (prev >= 0 && ind > prev) {
      const d = ind - prev;
      counts.set(d, (counts.get(d) ?? 0) + 1);
    }
    prev = ind;
  }
  let best = 2;
  let bestN = 0;
  for (const [d, n] of counts) if (d >= 2 && d <= 8 && (n > bestN || (n === bestN && d < best))) [best, bestN] = [d, n];
  return best;
}

/** A byte count as people read it: "812 bytes", "312 KB", "5.2 MB". */
export function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  const mb = bytes / 1048576;
  return `${mb < 10 ? Number(mb.toFixed(1)) : Math.round(mb)} MB`;
}

// Markdown built from values of the user's YAML (hover, documentation). Every value goes through
// one of these two, so a name such as `![t](http://x) [click](http://y)` is shown as written:
// never an image request, a live link, HTML or emphasis in an editor or the playground.

/** Line breaks, other control characters and bidirectional overrides, which would change the Markdown's lines or how it reads. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** A value as literal Markdown text: every ASCII punctuation character backslash-escaped, control characters as spaces. */
export function mdText(value: string): string {
  return value.replace(UNPRINTABLE, ' ').replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/**
 * A value as a Markdown code span. Nothing inside a code span is interpreted; the fence is one
 * backtick longer than the longest run of backticks in the value, and a value that starts or ends
 * with a backtick or a space is padded with one space (which the renderer removes).
 */
export function mdCode(value: string): string {
  const v = value.replace(UNPRINTABLE, ' ');
  if (!v) return '` `';
  const longest = Math.max(0, ...(v.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(v) ? ' ' : '';
  return `${fence}${pad}${v}${pad}${fence}`;
}

/**
 * Does the text look like it holds a Kubernetes object: an `apiVersion` or `kind` key anywhere,
 * in block style (`kind: X`, indented, or as a list item `- kind: X`) or flow style
 * (`{"apiVersion": "v1", "kind": "X"}`), with the key plain or quoted? A key in a comment or
 * inside a value (`# kind: x`, `note: the kind: of`) does not count. The cheap pre-check before
 * parsing (the file walk) and the test for whether a file's problems are reported as a manifest's.
 */
export const LOOKS_KUBERNETES = /(?:^[\t ]*(?:-[\t ]+)*|[{,][\t ]*)["']?(?:apiVersion|kind)["']?[\t ]*:/m;
