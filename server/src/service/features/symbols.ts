/** Document symbols (resources; routes of VirtualServices; subsets of DestinationRules), workspace symbols, code lens. */
import { type CodeLens, type DocumentSymbol, type SymbolInformation, SymbolKind } from 'vscode-languageserver-types';
import { toFQDN } from '../hosts';
import { routesToSubset, subsetWorkloads } from '../links';
import { displayName, type Resource, span } from '../model';
import { routeLabel } from '../query/routes';
import type { Workspace } from '../workspace';
import { gatewayApiLenses } from './gatewayapi-features';
import { splitTitle } from './split';
import { rangeOf } from './util';

function resourceSymbol(ws: Workspace, res: Resource): DocumentSymbol {
  const range = rangeOf(ws, res, res.node);
  const sel = rangeOf(ws, res, res.nameNode ?? res.kindNode ?? res.node);
  const children: DocumentSymbol[] = [];
  if (res.view?.type === 'VirtualService') {
    const v = res.view.vs;
    for (const route of [...v.http, ...v.tcp, ...v.tls]) {
      const r = rangeOf(ws, res, route.node);
      children.push({ name: routeLabel(route), detail: splitTitle(route), kind: SymbolKind.Event, range: r, selectionRange: r });
    }
  } else if (res.view?.type === 'DestinationRule') {
    for (const s of res.view.dr.subsets) {
      const r = rangeOf(ws, res, s.node);
      children.push({
        name: s.name?.value ?? `subset ${s.index}`,
        detail: Object.entries(s.labels)
          .map(([k, v]) => `${k}=${v}`)
          .join(','),
        kind: SymbolKind.EnumMember,
        range: r,
        selectionRange: rangeOf(ws, res, s.name?.node ?? s.node),
      });
    }
  }
  return { name: `${res.kind} ${res.name ?? '<unnamed>'}`, detail: res.namespace, kind: SymbolKind.Class, range, selectionRange: sel, children };
}

export function documentSymbols(ws: Workspace, uri: string): DocumentSymbol[] {
  const file = ws.getFile(uri);
  return file ? file.resources.map((r) => resourceSymbol(ws, r)) : [];
}

export function workspaceSymbols(ws: Workspace, query: string, limit = 500): SymbolInformation[] {
  const q = query.toLowerCase();
  const out: SymbolInformation[] = [];
  for (const res of ws.allResources()) {
    const name = `${res.kind} ${res.name ?? '<unnamed>'}`;
    if (q && !name.toLowerCase().includes(q) && !(res.name ?? '').toLowerCase().includes(q)) continue;
    out.push({ name, kind: SymbolKind.Class, containerName: res.namespace, location: { uri: res.uri, range: rangeOf(ws, res, res.nameNode ?? res.node) } });
    if (out.length >= limit) break;
  }
  return out;
}

export function codeLenses(ws: Workspace, uri: string): CodeLens[] {
  const file = ws.getFile(uri);
  if (!file) return [];
  const out: CodeLens[] = [];
  for (const res of file.resources) {
    if (res.view?.type === 'VirtualService') {
      for (const route of res.view.vs.http) {
        const [s] = span(res, route.node);
        const pos = file.lines.positionAt(s);
        out.push({ range: { start: pos, end: pos }, command: { title: splitTitle(route), command: '' } });
      }
    } else if (res.view?.type === 'DestinationRule' && res.view.dr.host) {
      const fqdn = toFQDN(res.view.dr.host.value, res.namespace);
      for (const s of res.view.dr.subsets) {
        if (!s.name) continue;
        const wl = subsetWorkloads(ws, res, s);
        const routes = routesToSubset(ws, fqdn, s.name.value).length;
        const wlText = wl.service ? `${wl.selected.length} workload${wl.selected.length === 1 ? '' : 's'}` : 'workloads unknown (no Service in workspace)';
        const pos = file.lines.positionAt(span(res, s.node)[0]);
        out.push({ range: { start: pos, end: pos }, command: { title: `${wlText} · ${routes} route${routes === 1 ? '' : 's'}`, command: '' } });
      }
    }
  }
  out.push(...gatewayApiLenses(ws, uri));
  return out;
}

export { displayName };
