/**
 * What is under the cursor: the resource, and the link-bearing node (a destination's subset
 * or host, a weight, a gateway reference, a DestinationRule subset, its labels, a resource name).
 * Shared by hover, definition, references, rename and completion.
 */

import type { CompletionItem, Position } from 'vscode-languageserver-types';
import type { Node } from 'yaml';
import type { FileEntry } from '../lookup';
import { type GatewayRef, type Resource, type Route, type RouteDestination, type Str, type Subset, span } from '../model';
import { resourceAt } from '../query/resources';
import type { Workspace } from '../workspace';

export { resourceAt };

export type CursorTarget =
  | { type: 'dest-subset'; res: Resource; route: Route; dest: RouteDestination; node: Node; value: string }
  | { type: 'dest-host'; res: Resource; route: Route; dest: RouteDestination; node: Node; value: string }
  | { type: 'mirror-host' | 'mirror-subset'; res: Resource; route: Route; node: Node; value: string; host?: Str }
  | { type: 'weight'; res: Resource; route: Route; dest: RouteDestination; node: Node }
  | { type: 'gateway-ref'; res: Resource; ref: GatewayRef; node: Node; value: string }
  | { type: 'vs-host'; res: Resource; node: Node; value: string }
  | { type: 'dr-host'; res: Resource; node: Node; value: string }
  | { type: 'dr-subset'; res: Resource; subset: Subset; node: Node; value: string }
  | { type: 'dr-labels'; res: Resource; subset: Subset; node: Node }
  | { type: 'resource-name'; res: Resource; node: Node; value: string }
  | { type: 'policy-selector'; res: Resource; node: Node; selector: Record<string, string> }
  | { type: 'principal'; res: Resource; node: Node; value: string }
  | { type: 'egress-host'; res: Resource; node: Node; value: string };

export interface Cursor {
  file: FileEntry;
  offset: number;
  res?: Resource;
  target?: CursorTarget;
}

function inside(res: Resource, node: Node | null | undefined, offset: number): boolean {
  if (!node) return false;
  const [s, e] = span(res, node);
  return offset >= s && offset <= e;
}

/** A hover source: markdown for the cursor, or undefined to let the next provider answer. */
export type HoverProvider = (ws: Workspace, cursor: Cursor) => { markdown: string; start: number; end: number } | undefined;

export interface CompletionContext {
  ws: Workspace;
  file: FileEntry;
  offset: number;
  position: Position;
  /** The line's text up to the cursor. */
  before: string;
  res?: Resource;
}

/** A completion source: items for the position, or undefined to let the next provider answer. */
export type CompletionProvider = (ctx: CompletionContext) => CompletionItem[] | undefined;

export function cursorAt(ws: Workspace, uri: string, offset: number): Cursor | undefined {
  const file = ws.getFile(uri);
  if (!file) return undefined;
  const res = resourceAt(file, offset);
  const cursor: Cursor = { file, offset, res };
  if (!res) return cursor;
  cursor.target = targetIn(res, offset);
  return cursor;
}

function targetIn(res: Resource, offset: number): CursorTarget | undefined {
  if (res.nameNode && inside(res, res.nameNode, offset) && res.name) return { type: 'resource-name', res, node: res.nameNode, value: res.name };
  const v = res.view;
  if (!v) return undefined;
  if (v.type === 'VirtualService') {
    for (const h of v.vs.hosts) if (inside(res, h.node, offset)) return { type: 'vs-host', res, node: h.node, value: h.value };
    for (const g of v.vs.gateways) if (inside(res, g.node, offset)) return { type: 'gateway-ref', res, ref: g, node: g.node, value: g.value };
    for (const route of [...v.vs.http, ...v.vs.tcp, ...v.vs.tls]) {
      if (!inside(res, route.node, offset)) continue;
      for (const d of route.destinations) {
        if (d.subset && inside(res, d.subset.node, offset)) return { type: 'dest-subset', res, route, dest: d, node: d.subset.node, value: d.subset.value };
        if (d.host && inside(res, d.host.node, offset)) return { type: 'dest-host', res, route, dest: d, node: d.host.node, value: d.host.value };
        if (d.weight && (inside(res, d.weight.node, offset) || inside(res, d.weightPair?.key as Node, offset)))
          return { type: 'weight', res, route, dest: d, node: d.weight.node };
      }
      const m = route.mirror;
      if (m?.host && inside(res, m.host.node, offset)) return { type: 'mirror-host', res, route, node: m.host.node, value: m.host.value };
      if (m?.subset && inside(res, m.subset.node, offset))
        return { type: 'mirror-subset', res, route, node: m.subset.node, value: m.subset.value, host: m.host };
    }
  } else if (v.type === 'Policy') {
    if (v.pol.selector && v.pol.selectorNode && inside(res, v.pol.selectorNode, offset))
      return { type: 'policy-selector', res, node: v.pol.selectorNode, selector: v.pol.selector };
    for (const src of v.pol.sources)
      for (const p of [...src.principals, ...src.notPrincipals])
        if (inside(res, p.node, offset)) return { type: 'principal', res, node: p.node, value: p.value };
    for (const e of v.pol.egress) for (const h of e.hosts) if (inside(res, h.node, offset)) return { type: 'egress-host', res, node: h.node, value: h.value };
  } else if (v.type === 'DestinationRule') {
    if (v.dr.host && inside(res, v.dr.host.node, offset)) return { type: 'dr-host', res, node: v.dr.host.node, value: v.dr.host.value };
    for (const s of v.dr.subsets) {
      if (s.name && inside(res, s.name.node, offset)) return { type: 'dr-subset', res, subset: s, node: s.name.node, value: s.name.value };
      if (s.labelsNode && inside(res, s.labelsNode, offset)) return { type: 'dr-labels', res, subset: s, node: s.labelsNode };
    }
  }
  return undefined;
}
