/** Small conversions between core offsets and LSP-shaped values. */
import type { Location, Range } from 'vscode-languageserver-types';
import type { Node, Pair } from 'yaml';
import { type Resource, span } from '../model';
import type { Workspace } from '../workspace';

export function rangeOf(ws: Workspace, res: Resource, node: Node | Pair | null | undefined): Range {
  const file = ws.getFile(res.uri);
  const [s, e] = span(res, node ?? res.node);
  return file ? file.lines.range(s, e) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

export function locationOf(ws: Workspace, res: Resource, node: Node | Pair | null | undefined): Location {
  return { uri: res.uri, range: rangeOf(ws, res, node) };
}

export function lineOf(ws: Workspace, res: Resource, node?: Node | null): number {
  const file = ws.getFile(res.uri);
  return file ? file.lines.positionAt(span(res, node ?? res.nameNode ?? res.node)[0]).line + 1 : 1;
}

/** `file.yaml:12` */
export function where(ws: Workspace, res: Resource, node?: Node | null): string {
  const u = res.uri;
  return `${decodeURIComponent(u.slice(u.lastIndexOf('/') + 1))}:${lineOf(ws, res, node)}`;
}
