/**
 * Completion, composed from providers (schema key completion last):
 * subset names after `subset:`, hosts after `host:`, gateway names under `gateways:`,
 * and label keys/values from workloads inside a DestinationRule subset's `labels:`.
 */
import { type CompletionItem, CompletionItemKind, type Position } from 'vscode-languageserver-types';
import { serviceFQDN, toFQDN } from '../hosts';
import { findSubset } from '../links';
import { span } from '../model';
import type { Workspace } from '../workspace';
import { type CompletionContext, type CompletionProvider, resourceAt } from './context';
import { schemaCompletion } from './schema-docs';

export type { CompletionContext, CompletionProvider };

/** The destination map (VirtualService route) containing the offset, found by indentation when the AST is incomplete. */
function enclosingDestinationHost(ctx: CompletionContext): string | undefined {
  const res = ctx.res;
  if (res?.view?.type !== 'VirtualService') return undefined;
  for (const route of [...res.view.vs.http, ...res.view.vs.tcp, ...res.view.vs.tls]) {
    for (const d of route.destinations) {
      const [s, e] = span(res, d.node);
      if (ctx.offset >= s && ctx.offset <= e + 1 && d.host) return d.host.value;
    }
  }
  // Fall back to the nearest `host:` line above within the same block.
  const lineNo = ctx.position.line;
  const indent = /^\s*/.exec(ctx.before)?.[0].length ?? 0;
  for (let l = lineNo - 1; l >= Math.max(0, lineNo - 6); l--) {
    const text = ctx.file.lines.lineText(l);
    const m = /^(\s*)host:\s*["']?([^"'\s#]+)/.exec(text);
    if (m && m[1].length === indent) return m[2];
    if (/^\s*-\s/.test(text) && (/^\s*/.exec(text)?.[0].length ?? 0) < indent - 2) break;
  }
  return undefined;
}

const subsetProvider: CompletionProvider = (ctx) => {
  if (!/^\s*(-\s+)?subset:\s*["']?[\w.-]*$/.test(ctx.before) || !ctx.res) return undefined;
  const host = enclosingDestinationHost(ctx);
  if (!host) return [];
  const fqdn = toFQDN(host, ctx.res.namespace);
  const { drs } = findSubset(ctx.ws, fqdn, '');
  const items: CompletionItem[] = [];
  for (const dr of drs) {
    if (dr.view?.type !== 'DestinationRule') continue;
    for (const s of dr.view.dr.subsets) {
      if (!s.name) continue;
      items.push({
        label: s.name.value,
        kind: CompletionItemKind.EnumMember,
        detail: `DestinationRule ${dr.name}: ${Object.entries(s.labels)
          .map(([k, v]) => `${k}=${v}`)
          .join(',')}`,
      });
    }
  }
  return items;
};

const hostProvider: CompletionProvider = (ctx) => {
  if (!/^\s*(-\s+)?host:\s*["']?[\w.*-]*$/.test(ctx.before)) return undefined;
  const ns = ctx.res?.namespace ?? 'default';
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  for (const s of ctx.ws.ofKind('Service')) {
    if (!s.name) continue;
    const label = s.namespace === ns ? s.name : serviceFQDN(s.name, s.namespace);
    if (seen.has(label)) continue;
    seen.add(label);
    items.push({ label, kind: CompletionItemKind.Reference, detail: `Service ${s.namespace}/${s.name}` });
  }
  for (const se of ctx.ws.ofKind('ServiceEntry')) {
    if (se.view?.type !== 'ServiceEntry') continue;
    for (const h of se.view.se.hosts) {
      if (seen.has(h.value)) continue;
      seen.add(h.value);
      items.push({ label: h.value, kind: CompletionItemKind.Reference, detail: `ServiceEntry ${se.namespace}/${se.name}` });
    }
  }
  return items;
};

function underKey(ctx: CompletionContext, key: string): boolean {
  const indent = /^\s*/.exec(ctx.before)?.[0].length ?? 0;
  for (let l = ctx.position.line - 1; l >= 0 && l >= ctx.position.line - 50; l--) {
    const text = ctx.file.lines.lineText(l);
    if (!text.trim() || /^\s*#/.test(text)) continue;
    const ind = /^\s*/.exec(text)?.[0].length ?? 0;
    if (/^\s*-\s/.test(text) && ind === indent) continue;
    if (ind <= indent) return new RegExp(`^\\s*${key}:\\s*$`).test(text);
  }
  return false;
}

const gatewayProvider: CompletionProvider = (ctx) => {
  const inline = /^\s*gateways:\s*\[[^\]]*$/.test(ctx.before);
  if (!inline && !(/^\s*-\s*["']?[\w./-]*$/.test(ctx.before) && underKey(ctx, 'gateways'))) return undefined;
  const ns = ctx.res?.namespace ?? 'default';
  const items: CompletionItem[] = [{ label: 'mesh', kind: CompletionItemKind.Keyword, detail: 'all sidecars of the mesh' }];
  for (const g of ctx.ws.ofKind('Gateway')) {
    if (!g.name) continue;
    items.push({
      label: g.namespace === ns ? g.name : `${g.namespace}/${g.name}`,
      kind: CompletionItemKind.Reference,
      detail: `Gateway ${g.namespace}/${g.name}`,
    });
  }
  return items;
};

const labelProvider: CompletionProvider = (ctx) => {
  const res = ctx.res;
  if (res?.view?.type !== 'DestinationRule') return undefined;
  const m = /^\s*([\w./-]*)(:\s*["']?([\w.-]*))?$/.exec(ctx.before);
  if (!m || !underKey(ctx, 'labels')) return undefined;
  const ns = res.namespace;
  const values = new Map<string, Set<string>>();
  for (const w of ctx.ws.workloadsInNamespace(ns)) {
    if (w.view?.type !== 'Workload') continue;
    for (const [k, v] of Object.entries(w.view.wl.podLabels)) {
      if (!values.has(k)) values.set(k, new Set());
      values.get(k)!.add(v);
    }
  }
  if (m[2] !== undefined) {
    const key = m[1];
    return [...(values.get(key) ?? [])].map((v) => ({ label: v, kind: CompletionItemKind.Value, detail: `pod label ${key}=${v}` }));
  }
  return [...values.keys()].map((k) => ({
    label: k,
    kind: CompletionItemKind.Property,
    insertText: `${k}: `,
    detail: `pod label (${[...values.get(k)!].join(', ')})`,
  }));
};

/** Every namespace the workspace names (resources' namespaces and Namespace objects). */
function namespacesOf(ctx: CompletionContext): string[] {
  const out = new Set<string>();
  for (const r of ctx.ws.allResources()) {
    if (r.explicitNamespace) out.add(r.namespace);
    if (r.kind === 'Namespace' && r.group === '' && r.name) out.add(r.name);
  }
  return [...out].sort();
}

/** A list entry under `key:` (block `- x` or flow `key: [x, `). */
function inList(ctx: CompletionContext, key: string): boolean {
  if (new RegExp(`^\\s*(-\\s+)?${key}:\\s*\\[[^\\]]*$`).test(ctx.before)) return true;
  return /^\s*-\s*["']?[\w./*~-]*$/.test(ctx.before) && underKey(ctx, key);
}

const exportToProvider: CompletionProvider = (ctx) => {
  const k = ctx.res?.kind;
  if ((k !== 'VirtualService' && k !== 'DestinationRule' && k !== 'ServiceEntry') || !inList(ctx, 'exportTo')) return undefined;
  return [
    { label: '.', kind: CompletionItemKind.Keyword, detail: 'this namespace only' },
    { label: '*', kind: CompletionItemKind.Keyword, detail: 'every namespace' },
    ...namespacesOf(ctx).map((n) => ({ label: n, kind: CompletionItemKind.Module, detail: `namespace ${n}` })),
  ];
};

const egressHostProvider: CompletionProvider = (ctx) => {
  if (ctx.res?.kind !== 'Sidecar' || !inList(ctx, 'hosts')) return undefined;
  const ns = ctx.res.namespace;
  const items: CompletionItem[] = [
    { label: './*', kind: CompletionItemKind.Keyword, detail: 'every host of this namespace' },
    { label: 'istio-system/*', kind: CompletionItemKind.Keyword, detail: 'every host of istio-system (the control plane)' },
    { label: '*/*', kind: CompletionItemKind.Keyword, detail: 'every host of every namespace' },
  ];
  const seen = new Set(items.map((i) => i.label));
  const add = (label: string, detail: string, kind: CompletionItemKind) => {
    if (seen.has(label)) return;
    seen.add(label);
    items.push({ label, kind, detail });
  };
  for (const n of namespacesOf(ctx)) if (n !== ns) add(`${n}/*`, `every host of namespace ${n}`, CompletionItemKind.Module);
  for (const s of ctx.ws.ofKind('Service'))
    if (s.name)
      add(`${s.namespace === ns ? '.' : s.namespace}/${serviceFQDN(s.name, s.namespace)}`, `Service ${s.namespace}/${s.name}`, CompletionItemKind.Reference);
  for (const se of ctx.ws.ofKind('ServiceEntry'))
    if (se.view?.type === 'ServiceEntry')
      for (const h of se.view.se.hosts)
        add(`${se.namespace === ns ? '.' : se.namespace}/${h.value}`, `ServiceEntry ${se.namespace}/${se.name}`, CompletionItemKind.Reference);
  return items;
};

/** Providers in order; the first that recognizes the position answers (schema keys after the link-aware ones). */
export const completionProviders: CompletionProvider[] = [
  subsetProvider,
  hostProvider,
  gatewayProvider,
  labelProvider,
  exportToProvider,
  egressHostProvider,
  schemaCompletion,
];

export function completion(ws: Workspace, uri: string, pos: Position): CompletionItem[] {
  const file = ws.getFile(uri);
  if (!file) return [];
  // A position past the end (a client may send any line) becomes the end: providers walk lines from it.
  const position = file.lines.positionAt(file.lines.offsetAt(pos));
  const offset = file.lines.offsetAt(position);
  const lineStart = file.lines.lineStart(position.line);
  const before = file.analysisText.slice(lineStart, offset);
  const ctx: CompletionContext = { ws, file, offset, position, before, res: resourceAt(file, offset) };
  for (const p of completionProviders) {
    const items = p(ctx);
    if (items) return items;
  }
  return [];
}
