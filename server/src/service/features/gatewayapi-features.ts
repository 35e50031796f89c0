/**
 * Editor features on Gateway API resources: hover, definition, references, rename of a
 * Gateway, and the traffic code lens of HTTPRoute rules (backendRefs shares).
 */

import type { CodeLens, Location, Position, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { isScalar, type Node } from 'yaml';
import {
  type BackendRef,
  GATEWAY_API_GROUP,
  isK8sGateway,
  isRoute,
  isServiceBackend,
  k8sGatewayView,
  type ParentRef,
  parentGateways,
  type RouteRule,
  routeView,
  selectedListeners,
} from '../gatewayapi';
import { displayName, formatLabels, type Resource, span } from '../model';
import { backendSplit, splitSummary } from '../query/weights';
import { mdCode as code, mdText as esc } from '../text';
import type { Workspace } from '../workspace';
import { type HoverProvider, resourceAt } from './context';
import { locationOf, where } from './util';

export type GatewayApiTarget =
  | { type: 'backend-name' | 'backend-weight'; res: Resource; rule: RouteRule; backend: BackendRef; node: Node }
  | { type: 'parent-name' | 'parent-section'; res: Resource; parent: ParentRef; node: Node }
  | { type: 'k8s-gateway-name'; res: Resource; node: Node; name: string };

function inside(res: Resource, node: Node | null | undefined, offset: number): boolean {
  if (!node) return false;
  const [s, e] = span(res, node);
  return offset >= s && offset <= e;
}

export function gatewayApiTarget(ws: Workspace, uri: string, offset: number): GatewayApiTarget | undefined {
  const file = ws.getFile(uri);
  if (!file) return undefined;
  const res = resourceAt(file, offset);
  if (!res || res.group !== GATEWAY_API_GROUP) return undefined;
  if (isK8sGateway(res))
    return res.nameNode && res.name && inside(res, res.nameNode, offset) ? { type: 'k8s-gateway-name', res, node: res.nameNode, name: res.name } : undefined;
  const v = routeView(res);
  if (!v) return undefined;
  for (const p of v.parentRefs) {
    if (p.name && inside(res, p.name.node, offset)) return { type: 'parent-name', res, parent: p, node: p.name.node };
    if (p.sectionName && inside(res, p.sectionName.node, offset)) return { type: 'parent-section', res, parent: p, node: p.sectionName.node };
  }
  for (const rule of v.rules)
    for (const b of rule.backendRefs) {
      if (b.name && inside(res, b.name.node, offset)) return { type: 'backend-name', res, rule, backend: b, node: b.name.node };
      if (b.weightNode && inside(res, b.weightNode, offset)) return { type: 'backend-weight', res, rule, backend: b, node: b.weightNode };
    }
  return undefined;
}

/** `reviews-v1 90% · reviews-v2 10%` */
export function ruleSplitTitle(rule: RouteRule): string {
  if (!rule.backendRefs.length) return rule.redirect ? 'redirect' : 'no backend (HTTP 500)';
  const split = backendSplit(rule);
  if (split.sendsNothing) return 'every weight 0 (HTTP 500)';
  return splitSummary(split);
}

function backendTargets(ws: Workspace, b: BackendRef): Resource[] {
  if (!b.name) return [];
  if (isServiceBackend(b)) return [...ws.byKey('Service', b.namespace, b.name.value)];
  if (b.kind === 'ServiceEntry') return [...ws.byKey('ServiceEntry', b.namespace, b.name.value)];
  return [];
}

function parentTargets(ws: Workspace, p: ParentRef): Resource[] {
  if (!p.name) return [];
  if ((p.group === '' || p.group === 'core') && p.kind === 'Service') return [...ws.byKey('Service', p.namespace, p.name.value)];
  return parentGateways(ws, p);
}

export const gatewayApiHover: HoverProvider = (ws, cursor) => {
  const t = gatewayApiTarget(ws, cursor.file.uri, cursor.offset);
  if (!t) return undefined;
  const [start, end] = span(t.res, t.node);
  const out = (markdown: string) => ({ markdown, start, end });
  switch (t.type) {
    case 'backend-name':
    case 'backend-weight': {
      const b = t.backend;
      const target = backendSplit(t.rule).targets[t.rule.backendRefs.indexOf(b)];
      const share = `Weight **${esc(String(target?.written ?? target?.weight ?? '?'))}**${b.weightNode ? '' : ' (default)'} → **${esc(target?.percent ?? '?')}** of this rule's requests (weights are relative; a missing weight is 1).\n\nSplit: ${esc(ruleSplitTitle(t.rule))}`;
      if (t.type === 'backend-weight') return out(share);
      const targets = backendTargets(ws, b);
      const svc = targets[0];
      const detail = svc
        ? `${esc(displayName(svc))} — ${esc(where(ws, svc))}${svc.view?.type === 'Service' ? `\n\nselector: ${code(formatLabels(svc.view.svc.selector ?? {}))}; ports: ${esc(svc.view.svc.ports.map((p) => p.port).join(', ')) || 'none'}` : ''}`
        : `_${esc(`${b.kind} ${b.namespace}/${b.name?.value ?? ''}`)} is not in the workspace._`;
      return out(`Backend **${esc(b.name?.value ?? '')}**${b.port !== undefined ? ` port ${esc(String(b.port))}` : ''}\n\n${detail}\n\n${share}`);
    }
    case 'parent-name':
    case 'parent-section': {
      const p = t.parent;
      const targets = parentTargets(ws, p);
      if (!targets.length) return out(`${esc(p.kind)} ${code(`${p.namespace}/${p.name?.value ?? ''}`)}: not in the workspace.`);
      const g = targets[0];
      if (!isK8sGateway(g)) return out(`${esc(displayName(g))} — ${esc(where(ws, g))} (mesh route: the route applies to requests for this Service)`);
      const ls = selectedListeners(g, p);
      const lines = (k8sGatewayView(g)?.listeners ?? []).map(
        (l) =>
          `- ${ls.includes(l) ? '**' : ''}${esc(l.name ?? '?')}${ls.includes(l) ? '**' : ''}: ${esc(`${l.protocol ?? '?'} ${l.port ?? '?'}${l.hostname ? ` ${l.hostname.value}` : ''}`)} (routes from: ${esc(String(l.allowedNamespaces))})`,
      );
      return out(
        `${esc(displayName(g))} — ${esc(where(ws, g))}\n\nclass: ${code(k8sGatewayView(g)?.gatewayClassName ?? '?')}; listeners (attached in bold):\n${lines.join('\n')}`,
      );
    }
    case 'k8s-gateway-name': {
      const n = routesAttachedTo(ws, t.res.namespace, t.name).length;
      return out(`${esc(displayName(t.res))}: ${n} route${n === 1 ? '' : 's'} attached in the workspace.`);
    }
  }
};

// Before the schema field docs: a link's own hover says more than the field's description.

/** parentRefs of Gateway API routes that name Gateway `namespace/name`. */
export function routesAttachedTo(ws: Workspace, namespace: string, name: string): { res: Resource; node: Node }[] {
  const out: { res: Resource; node: Node }[] = [];
  for (const kind of ['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute'])
    for (const r of ws.ofKind(kind)) {
      if (!isRoute(r)) continue;
      for (const p of routeView(r)?.parentRefs ?? [])
        if (p.group === GATEWAY_API_GROUP && p.kind === 'Gateway' && p.name?.value === name && p.namespace === namespace)
          out.push({ res: r, node: p.name.node });
    }
  return out;
}

/** backendRefs and Service parentRefs of Gateway API routes that name Service `namespace/name`. */
export function routeRefsToService(ws: Workspace, namespace: string, name: string): { res: Resource; node: Node }[] {
  const out: { res: Resource; node: Node }[] = [];
  for (const kind of ['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute'])
    for (const r of ws.ofKind(kind)) {
      const v = isRoute(r) ? routeView(r) : undefined;
      if (!v) continue;
      for (const p of v.parentRefs)
        if ((p.group === '' || p.group === 'core') && p.kind === 'Service' && p.name?.value === name && p.namespace === namespace)
          out.push({ res: r, node: p.name.node });
      for (const rule of v.rules)
        for (const b of rule.backendRefs)
          if (isServiceBackend(b) && b.name?.value === name && b.namespace === namespace) out.push({ res: r, node: b.name.node });
    }
  return out;
}

/** Definition on a Gateway API reference; undefined when the cursor is not on one. */
export function gatewayApiDefinition(ws: Workspace, uri: string, position: Position): Location[] | undefined {
  const file = ws.getFile(uri);
  const t = file && gatewayApiTarget(ws, uri, file.lines.offsetAt(position));
  if (!t) return undefined;
  if (t.type === 'backend-name') return backendTargets(ws, t.backend).map((r) => locationOf(ws, r, r.nameNode));
  if (t.type === 'parent-name') return parentTargets(ws, t.parent).map((r) => locationOf(ws, r, r.nameNode));
  if (t.type === 'parent-section')
    return parentGateways(ws, t.parent).flatMap((g) =>
      selectedListeners(g, t.parent).map((l) => locationOf(ws, g, (l.node.get('name', true) as Node) ?? l.node)),
    );
  return undefined;
}

/** References from a Gateway API reference (to the same Service or Gateway); undefined when the cursor is not on one. */
export function gatewayApiReferences(ws: Workspace, uri: string, position: Position, includeDeclaration: boolean): Location[] | undefined {
  const file = ws.getFile(uri);
  const t = file && gatewayApiTarget(ws, uri, file.lines.offsetAt(position));
  if (!t) return undefined;
  let decl: Resource[] = [];
  let refs: { res: Resource; node: Node }[] = [];
  if (t.type === 'k8s-gateway-name') {
    decl = [t.res];
    refs = routesAttachedTo(ws, t.res.namespace, t.name);
  } else if (t.type === 'backend-name' && isServiceBackend(t.backend) && t.backend.name) {
    decl = backendTargets(ws, t.backend);
    refs = routeRefsToService(ws, t.backend.namespace, t.backend.name.value);
  } else if (t.type === 'parent-name' && t.parent.name) {
    decl = parentTargets(ws, t.parent);
    refs =
      t.parent.kind === 'Service'
        ? routeRefsToService(ws, t.parent.namespace, t.parent.name.value)
        : routesAttachedTo(ws, t.parent.namespace, t.parent.name.value);
  } else return undefined;
  return [...(includeDeclaration ? decl.map((r) => locationOf(ws, r, r.nameNode)) : []), ...refs.map((r) => locationOf(ws, r.res, r.node))];
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function gatewayToRename(ws: Workspace, uri: string, position: Position): { gw: Resource; node: Node; res: Resource } | { error: string } | undefined {
  const file = ws.getFile(uri);
  const t = file && gatewayApiTarget(ws, uri, file.lines.offsetAt(position));
  if (!t) return undefined;
  if (t.type === 'k8s-gateway-name') return { gw: t.res, node: t.node, res: t.res };
  if (t.type === 'parent-name' && t.parent.kind === 'Gateway') {
    const gw = parentGateways(ws, t.parent)[0];
    if (!gw)
      return { error: `Gateway ${t.parent.namespace}/${t.parent.name?.value} is not defined in the workspace; fix the reference instead of renaming it.` };
    return { gw, node: t.node, res: t.res };
  }
  return undefined;
}

function plainRange(ws: Workspace, res: Resource, node: Node) {
  let [s, e] = span(res, node);
  if (isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE')) {
    s += 1;
    e -= 1;
  }
  return ws.getFile(res.uri)!.lines.range(s, e);
}

/** Prepare a rename of a Gateway API Gateway (from its name or a route's parentRef); undefined when not on one. */
export function gatewayApiPrepareRename(ws: Workspace, uri: string, position: Position) {
  const g = gatewayToRename(ws, uri, position);
  if (!g || 'error' in g) return g;
  if (!isScalar(g.node)) return { error: 'Only plain names can be renamed.' };
  return { range: plainRange(ws, g.res, g.node), placeholder: g.gw.name ?? '' };
}

/** Rename a Gateway API Gateway: its name and every route parentRef naming it (VirtualService references too). */
export function gatewayApiRename(
  ws: Workspace,
  uri: string,
  position: Position,
  newName: string,
  vsRefs: (ns: string, name: string) => { res: Resource; node: Node; value: string }[],
): { edit: WorkspaceEdit } | { error: string } | undefined {
  const g = gatewayToRename(ws, uri, position);
  if (!g || 'error' in g) return g;
  const name = g.gw.name ?? '';
  if (newName === name) return { edit: { changes: {} } };
  if (!DNS1123_SUBDOMAIN.test(newName) || newName.length > 253) return { error: `"${newName}" is not a valid Gateway name (a DNS-1123 subdomain).` };
  if (ws.byKey('Gateway', g.gw.namespace, newName).length) return { error: `Gateway ${g.gw.namespace}/${newName} already exists.` };
  const changes: Record<string, TextEdit[]> = {};
  const add = (res: Resource, node: Node, text = newName) => (changes[res.uri] ??= []).push({ range: plainRange(ws, res, node), newText: text });
  if (g.gw.nameNode) add(g.gw, g.gw.nameNode);
  for (const r of routesAttachedTo(ws, g.gw.namespace, name)) {
    if (!isScalar(r.node)) return { error: 'A parentRef name is not a plain scalar; rename it by hand.' };
    add(r.res, r.node);
  }
  for (const r of vsRefs(g.gw.namespace, name)) {
    const v = r.value;
    add(r.res, r.node, v.includes('/') ? `${v.slice(0, v.indexOf('/') + 1)}${newName}` : v.includes('.') ? `${newName}${v.slice(v.indexOf('.'))}` : newName);
  }
  return { edit: { changes } };
}

/** Code lens on each HTTPRoute rule: the effective split of its backendRefs. */
export function gatewayApiLenses(ws: Workspace, uri: string): CodeLens[] {
  const file = ws.getFile(uri);
  if (!file) return [];
  const out: CodeLens[] = [];
  for (const res of file.resources) {
    if (!isRoute(res) || (res.kind !== 'HTTPRoute' && res.kind !== 'GRPCRoute')) continue;
    for (const rule of routeView(res)?.rules ?? []) {
      const pos = file.lines.positionAt(span(res, rule.node)[0]);
      out.push({ range: { start: pos, end: pos }, command: { title: ruleSplitTitle(rule), command: '' } });
    }
  }
  return out;
}
