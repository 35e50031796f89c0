/**
 * Layout of existing YAML blocks (columns of dashes, keys and children; flush or indented
 * sequences), so inserted text matches the file's own style.
 */
import type { Node } from 'yaml';
import type { FileEntry } from '../lookup';
import { type Resource, type Route, type RouteDestination, type Subset, span } from '../model';
import { detectIndentUnit } from '../text';
import { getPair } from '../yamlutil';
import { blockEnd, columnOf, eol, lineStartOf, type OffsetEdit } from './edits';

export interface ItemLayout {
  /** Offset of the start of the item's first line (where its dash line starts). */
  lineStart: number;
  /** Offset just after the item's last line. */
  end: number;
  dashCol: number;
  keyCol: number;
}

/** Layout of a block sequence item whose content (a map) starts at `contentStart`. */
export function itemLayout(text: string, contentStart: number, contentEnd: number): ItemLayout {
  const lineStart = lineStartOf(text, contentStart);
  const keyCol = contentStart - lineStart;
  const before = text.slice(lineStart, contentStart);
  const dash = before.lastIndexOf('-');
  return { lineStart, end: blockEnd(text, contentEnd), dashCol: dash === -1 ? Math.max(0, keyCol - 2) : dash, keyCol };
}

export function indentUnit(file: FileEntry): number {
  // Rules ask once per resource: the last file's answer is kept.
  if (lastIndent?.text !== file.text) lastIndent = { text: file.text, unit: detectIndentUnit(file.text.replace(/\u00a0/g, ' ')) };
  return lastIndent.unit;
}
let lastIndent: { text: string; unit: number } | undefined;

export function destinationLayout(file: FileEntry, res: Resource, d: RouteDestination): ItemLayout & { childCol: number } {
  const [s, e] = span(res, d.node);
  const lay = itemLayout(file.text, s, e);
  let childCol = lay.keyCol + indentUnit(file);
  const firstChild = d.destination?.items[0]?.key as Node | undefined;
  // A flow map (`destination: {host: a}`) has no block column to copy: new block lines use the file's indent unit.
  if (firstChild && !(d.destination as { flow?: boolean }).flow) childCol = columnOf(file.text, span(res, firstChild)[0]);
  return { ...lay, childCol };
}

/** Text to insert a new line block at `at` (start of a line, or end of a file without a final newline). */
export function insertLines(text: string, at: number, lines: string[]): OffsetEdit {
  const nl = eol(text);
  if (at >= text.length && text.length && !text.endsWith('\n')) return { start: text.length, end: text.length, newText: nl + lines.join(nl) };
  return { start: at, end: at, newText: lines.join(nl) + nl };
}

/** Is the sequence under `key:` flush (items at the key's column) in this map? */
export function flushSequences(file: FileEntry, res: Resource, map: Node, key: string): boolean | undefined {
  const pair = getPair(map, key);
  const seq = pair?.value as { items?: Node[] } | null | undefined;
  const first = seq?.items?.[0];
  if (!pair || !first) return undefined;
  const keyCol = columnOf(file.text, span(res, pair.key as Node)[0]);
  const lay = itemLayout(file.text, span(res, first)[0], span(res, first)[1]);
  return lay.dashCol === keyCol;
}

export function subsetLayout(file: FileEntry, res: Resource, s: Subset): ItemLayout {
  const [a, b] = span(res, s.node);
  return itemLayout(file.text, a, b);
}

export function routeLayout(file: FileEntry, res: Resource, route: Route): ItemLayout {
  const [a, b] = span(res, route.node);
  return itemLayout(file.text, a, b);
}
