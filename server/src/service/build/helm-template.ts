/**
 * A Helm template read line by line for mapping rendered output back onto it: each line's kind
 * (YAML, an action that emits text, a control action, a comment, a document separator), its
 * key and value with every `{{ ... }}` action masked (same length, so offsets hold), and
 * whether a masked pattern can have produced a rendered text (`fits`). Used by helm-document.ts
 * and helm.ts.
 */

import type { SourceRef } from './types';

/** Stands for the characters of a `{{ ... }}` action in the masked text (same length, so offsets hold). */
export const MASK = '\uE000';
const ACTION = /\{\{[\s\S]*?\}\}/g;
const CONTROL = /^(if|else|end|range|with|define|block|break|continue)\b|^\/\*|^\$[\w]*\s*:?=/;

export interface TLine {
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

export interface Template extends TemplateFile {
  lines: TLine[];
  /** [first, end) line ranges of the `---`-separated documents of the template. */
  regions: [number, number][];
}

/** A file's first line: where a value or a problem with no better place is shown. */
export function firstLineRef(file: TemplateFile): SourceRef {
  return { uri: file.uri, start: 0, end: file.text.search(/\r?\n|$/) };
}

export const unquote = (s: string): string => {
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

export function analyzeTemplate(file: TemplateFile): Template {
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
export function fits(pattern: string, rendered: string): 'exact' | 'expr' | undefined {
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
