/** Go to definition and find references. */
import type { Location, Position } from 'vscode-languageserver-types';
import { serviceFQDN, toFQDN } from '../hosts';
import { findSubset, gatewayTargets, resolveHost, routesToSubset, subsetWorkloads } from '../links';
import { labelsMatch, parseGatewayRef, type Resource } from '../model';
import { egressImports, principalTargets, selectedWorkloads } from '../query/policies';
import type { Workspace } from '../workspace';
import { cursorAt } from './context';
import { gatewayApiDefinition, gatewayApiReferences, routeRefsToService, routesAttachedTo } from './gatewayapi-features';
import { locationOf } from './util';

function hostDefinitions(ws: Workspace, host: string, ns: string): Location[] {
  const r = resolveHost(ws, host, ns);
  const out: Location[] = r.services.map((s) => locationOf(ws, s, s.nameNode));
  for (const se of r.serviceEntries) {
    if (se.view?.type !== 'ServiceEntry') continue;
    const h = se.view.se.hosts.find((x) => toFQDN(x.value, se.namespace) === r.fqdn) ?? se.view.se.hosts[0];
    out.push(locationOf(ws, se, h?.node ?? se.nameNode));
  }
  return out;
}

export function definition(ws: Workspace, uri: string, position: Position): Location[] {
  const file = ws.getFile(uri);
  if (!file) return [];
  const gatewayApi = gatewayApiDefinition(ws, uri, position);
  if (gatewayApi) return gatewayApi;
  const t = cursorAt(ws, uri, file.lines.offsetAt(position))?.target;
  if (!t) return [];
  switch (t.type) {
    case 'dest-subset':
    case 'mirror-subset': {
      const host = t.type === 'dest-subset' ? t.dest.host?.value : t.host?.value;
      if (!host) return [];
      return findSubset(ws, toFQDN(host, t.res.namespace), t.value).matches.map((m) => locationOf(ws, m.dr, m.subset.name?.node ?? m.subset.node));
    }
    case 'dest-host':
    case 'mirror-host':
    case 'vs-host':
    case 'dr-host':
      return hostDefinitions(ws, t.value, t.res.namespace);
    case 'gateway-ref':
      return gatewayTargets(ws, t.ref).map((g) => locationOf(ws, g, g.nameNode));
    case 'dr-labels':
    case 'dr-subset': {
      const wl = subsetWorkloads(ws, t.res, t.subset);
      let selected = wl.selected;
      if (!wl.service)
        selected = ws.workloadsInNamespace(t.res.namespace).filter((w) => w.view?.type === 'Workload' && labelsMatch(t.subset.labels, w.view.wl.podLabels));
      return selected.map((w) => locationOf(ws, w, w.view?.type === 'Workload' ? (w.view.wl.podLabelsNode ?? w.nameNode) : w.nameNode));
    }
    case 'policy-selector':
      return selectedWorkloads(ws, t.res, t.selector).map((w) =>
        locationOf(ws, w, w.view?.type === 'Workload' ? (w.view.wl.podLabelsNode ?? w.nameNode) : w.nameNode),
      );
    case 'principal': {
      const { workloads, accounts } = principalTargets(ws, t.value);
      return [...accounts.map((a) => locationOf(ws, a, a.nameNode)), ...workloads.map((w) => locationOf(ws, w, w.nameNode))];
    }
    case 'egress-host':
      return egressImports(ws, t.res.namespace, t.value).map((i) => locationOf(ws, i.res, i.res.nameNode));
    default:
      return [];
  }
}

/** Every destination using subset `name` of `fqdn`, plus (optionally) the DR subset definitions. */
function subsetReferences(ws: Workspace, fqdn: string, name: string, includeDeclaration: boolean): Location[] {
  const out: Location[] = [];
  if (includeDeclaration) for (const m of findSubset(ws, fqdn, name).matches) out.push(locationOf(ws, m.dr, m.subset.name?.node));
  for (const { vs, dest } of routesToSubset(ws, fqdn, name)) out.push(locationOf(ws, vs, dest.subset?.node));
  return out;
}

/** VirtualService hosts/destinations and DestinationRule hosts that resolve to `fqdn`. */
export function hostReferences(ws: Workspace, fqdn: string): { res: Resource; node: import('yaml').Node }[] {
  const out: { res: Resource; node: import('yaml').Node }[] = [];
  for (const vs of ws.ofKind('VirtualService')) {
    if (vs.view?.type !== 'VirtualService') continue;
    for (const h of vs.view.vs.hosts) if (toFQDN(h.value, vs.namespace) === fqdn) out.push({ res: vs, node: h.node });
    for (const route of [...vs.view.vs.http, ...vs.view.vs.tcp, ...vs.view.vs.tls]) {
      for (const d of route.destinations) if (d.host && toFQDN(d.host.value, vs.namespace) === fqdn) out.push({ res: vs, node: d.host.node });
      if (route.mirror?.host && toFQDN(route.mirror.host.value, vs.namespace) === fqdn) out.push({ res: vs, node: route.mirror.host.node });
    }
  }
  for (const dr of ws.ofKind('DestinationRule')) {
    if (dr.view?.type === 'DestinationRule' && dr.view.dr.host && toFQDN(dr.view.dr.host.value, dr.namespace) === fqdn)
      out.push({ res: dr, node: dr.view.dr.host.node });
  }
  return out;
}

/** VirtualService `gateways:` entries that refer to Gateway `ns/name`. */
export function gatewayReferences(ws: Workspace, namespace: string, name: string): { res: Resource; node: import('yaml').Node; value: string }[] {
  const out: { res: Resource; node: import('yaml').Node; value: string }[] = [];
  for (const vs of ws.ofKind('VirtualService')) {
    if (vs.view?.type !== 'VirtualService') continue;
    for (const g of vs.view.vs.gateways) {
      const ref = parseGatewayRef(g.value, vs.namespace);
      if (!ref.mesh && ref.namespace === namespace && ref.name === name) out.push({ res: vs, node: g.node, value: g.value });
    }
  }
  return out;
}

export function references(ws: Workspace, uri: string, position: Position, includeDeclaration: boolean): Location[] {
  const file = ws.getFile(uri);
  if (!file) return [];
  const gatewayApi = gatewayApiReferences(ws, uri, position, includeDeclaration);
  if (gatewayApi) return gatewayApi;
  const t = cursorAt(ws, uri, file.lines.offsetAt(position))?.target;
  if (!t) return [];
  switch (t.type) {
    case 'dr-subset': {
      const host = t.res.view?.type === 'DestinationRule' ? t.res.view.dr.host?.value : undefined;
      return host ? subsetReferences(ws, toFQDN(host, t.res.namespace), t.value, includeDeclaration) : [];
    }
    case 'dest-subset':
      return t.dest.host ? subsetReferences(ws, toFQDN(t.dest.host.value, t.res.namespace), t.value, includeDeclaration) : [];
    case 'resource-name': {
      const res = t.res;
      if (res.kind === 'Service' && res.group === '' && res.name) {
        const refs = [...hostReferences(ws, serviceFQDN(res.name, res.namespace)), ...routeRefsToService(ws, res.namespace, res.name)].map((r) =>
          locationOf(ws, r.res, r.node),
        );
        return includeDeclaration ? [locationOf(ws, res, res.nameNode), ...refs] : refs;
      }
      if (res.kind === 'Gateway' && res.name) {
        const refs = [...gatewayReferences(ws, res.namespace, res.name), ...routesAttachedTo(ws, res.namespace, res.name)].map((r) =>
          locationOf(ws, r.res, r.node),
        );
        return includeDeclaration ? [locationOf(ws, res, res.nameNode), ...refs] : refs;
      }
      return [];
    }
    case 'gateway-ref': {
      if (t.ref.mesh) return [];
      const decl = includeDeclaration ? gatewayTargets(ws, t.ref).map((g) => locationOf(ws, g, g.nameNode)) : [];
      return [...decl, ...gatewayReferences(ws, t.ref.namespace, t.ref.name).map((r) => locationOf(ws, r.res, r.node))];
    }
    case 'dest-host':
    case 'dr-host':
    case 'vs-host': {
      const fqdn = toFQDN(t.value, t.res.namespace);
      const decl = includeDeclaration ? hostDefinitions(ws, t.value, t.res.namespace) : [];
      return [...decl, ...hostReferences(ws, fqdn).map((r) => locationOf(ws, r.res, r.node))];
    }
    default:
      return [];
  }
}
