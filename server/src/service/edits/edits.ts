/**
 * Minimal text edits on the original text: replace a scalar, insert lines, delete lines,
 * shift indentation. Everything outside the changed nodes stays byte for byte, comments included.
 */

import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { isScalar, type Node } from 'yaml';
import type { FileEntry, Lookup } from '../lookup';
import { type Resource, span } from '../model';

/** An edit as absolute offsets into a file's text. */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

export type FileEdits = Map<string, OffsetEdit[]>;

export function addEdit(edits: FileEdits, uri: string, e: OffsetEdit): void {
  const list = edits.get(uri);
  if (list) list.push(e);
  else edits.set(uri, [e]);
}

/** Apply non-overlapping offset edits to a text. */
export function applyOffsetEdits(text: string, edits: OffsetEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let last = Infinity;
  for (const e of sorted) {
    if (e.end > last) throw new Error('overlapping edits');
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    last = e.start;
  }
  return out;
}

/** Apply LSP text edits to a text (used by the CLI and tests). */
export function applyTextEdits(file: FileEntry, edits: TextEdit[]): string {
  return applyOffsetEdits(
    file.text,
    edits.map((e) => ({ start: file.lines.offsetAt(e.range.start), end: file.lines.offsetAt(e.range.end), newText: e.newText })),
  );
}

export function toWorkspaceEdit(ws: Lookup, edits: FileEdits): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  for (const [uri, list] of edits) {
    const file = ws.getFile(uri);
    if (!file) continue;
    changes[uri] = [...list].sort((a, b) => a.start - b.start).map((e) => ({ range: file.lines.range(e.start, e.end), newText: e.newText }));
  }
  return { changes };
}

/** Replace a scalar's value, keeping its quoting style. */
export function replaceScalar(res: Resource, node: Node, value: string | number): OffsetEdit {
  let [start, end] = span(res, node);
  if (isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE')) {
    start += 1;
    end -= 1;
  }
  return { start, end, newText: String(value) };
}

export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just after the line containing `offset` (after its line break). */
export function lineEndOf(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

export function columnOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}

/** The line break style of a text. */
export function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/**
 * The end of a block node's last content line: after its line break, including trailing
 * comment lines indented deeper than `minIndent` that belong to it.
 */
export function blockEnd(text: string, nodeEnd: number): number {
  // yaml's range end may sit at the start of the next line already.
  const end = nodeEnd;
  if (end > 0 && text[end - 1] === '\n') return end;
  return lineEndOf(text, Math.max(0, end - 1));
}

/** Shift the indentation of the lines in [from, to) by `delta` columns (negative: remove spaces). */
export function shiftLines(text: string, from: number, to: number, delta: number): OffsetEdit[] {
  const edits: OffsetEdit[] = [];
  let ls = lineStartOf(text, from);
  while (ls < to && ls < text.length) {
    const le = lineEndOf(text, ls);
    const line = text.slice(ls, le);
    if (line.trim().length) {
      if (delta > 0) edits.push({ start: ls, end: ls, newText: ' '.repeat(delta) });
      else if (delta < 0) {
        const lead = /^ */.exec(line)![0].length;
        const n = Math.min(lead, -delta);
        if (n) edits.push({ start: ls, end: ls + n, newText: '' });
      }
    }
    ls = le;
  }
  return edits;
}

/** The comment of a YAML line (from its `#`), ignoring `#` inside quotes or words. */
export function commentOf(line: string): string | undefined {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if ((c === '"' || c === "'") && (i === 0 || /[\s:,[{-]/.test(line[i - 1]))) quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(i).trimEnd();
  }
  return undefined;
}

/**
 * Delete the lines [start, end) but keep their comments: each comment (inline or on its own
 * line) stays, as a comment line at column `col`, where the deleted lines were.
 */
export function deleteLinesKeepingComments(text: string, start: number, end: number, col: number): OffsetEdit {
  const nl = eol(text);
  const kept: string[] = [];
  for (const line of text.slice(start, end).split(/\r?\n/)) {
    const c = commentOf(line);
    if (c) kept.push(' '.repeat(col) + c);
  }
  return { start, end, newText: kept.map((l) => l + nl).join('') };
}
