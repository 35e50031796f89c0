/**
 * Cross-links between resources, shared by rules, hover, definition, references and actions:
 * VS destination host → Service/ServiceEntry; VS subset → DR subset; DR subset labels → workloads;
 * VS gateways → Gateway.
 */
import { toFQDN, serviceFQDN } from './hosts';
import { labelsMatch, type GatewayRef, type Resource, type RouteDestination, type Subset } from './model';
import type { Workspace } from './workspace';

export interface HostTargets {
  fqdn: string;
  services: readonly Resource[];
  serviceEntries: Resource[];
}

export function resolveHost(ws: Workspace, host: string, namespace: string): HostTargets {
  const fqdn = toFQDN(host, namespace);
  return { fqdn, services: ws.servicesForHost(fqdn), serviceEntries: ws.serviceEntriesForHost(fqdn) };
}

export interface SubsetDefinition {
  dr: Resource;
  subset: Subset;
}

/** DestinationRules for a host, and the subsets named `name` among them. */
export function findSubset(ws: Workspace, fqdn: string, name: string): { drs: Resource[]; matches: SubsetDefinition[]; available: string[] } {
  const drs = ws.destinationRulesForHost(fqdn);
  const matches: SubsetDefinition[] = [];
  const available: string[] = [];
  for (const dr of drs) {
    if (dr.view?.type !== 'DestinationRule') continue;
    for (const s of dr.view.dr.subsets) {
      if (!s.name) continue;
      if (!available.includes(s.name.value)) available.push(s.name.value);
      if (s.name.value === name) matches.push({ dr, subset: s });
    }
  }
  return { drs, matches, available };
}

export interface SubsetWorkloads {
  /** The Service of the DR host, when the workspace has it. */
  service?: Resource;
  /** Workloads that the Service selects (the candidates), in the Service's namespace. */
  candidates: Resource[];
  /** Candidates whose pod labels also carry the subset's labels. */
  selected: Resource[];
}

/** Workloads a DestinationRule subset selects: the host Service's selector together with the subset labels. */
export function subsetWorkloads(ws: Workspace, dr: Resource, subset: Subset): SubsetWorkloads {
  if (dr.view?.type !== 'DestinationRule' || !dr.view.dr.host) return { candidates: [], selected: [] };
  const fqdn = toFQDN(dr.view.dr.host.value, dr.namespace);
  const service = ws.servicesForHost(fqdn).find((s) => s.view?.type === 'Service' && s.view.svc.selector);
  if (!service || service.view?.type !== 'Service' || !service.view.svc.selector) return { service, candidates: [], selected: [] };
  const selector = service.view.svc.selector;
  const candidates = ws
    .workloadsInNamespace(service.namespace)
    .filter((w) => w.view?.type === 'Workload' && Object.keys(selector).length > 0 && labelsMatch(selector, w.view.wl.podLabels));
  const selected = candidates.filter((w) => w.view?.type === 'Workload' && labelsMatch(subset.labels, w.view.wl.podLabels));
  return { service, candidates, selected };
}

/** Every VirtualService destination (in the workspace) that routes to `fqdn` with subset `name`. */
export function routesToSubset(ws: Workspace, fqdn: string, name: string): { vs: Resource; dest: RouteDestination }[] {
  const out: { vs: Resource; dest: RouteDestination }[] = [];
  for (const vs of ws.ofKind('VirtualService')) {
    if (vs.view?.type !== 'VirtualService') continue;
    const v = vs.view.vs;
    for (const route of [...v.http, ...v.tcp, ...v.tls]) {
      for (const d of route.destinations) {
        if (d.subset?.value === name && d.host && toFQDN(d.host.value, vs.namespace) === fqdn) out.push({ vs, dest: d });
      }
    }
  }
  return out;
}

export function gatewayTargets(ws: Workspace, ref: GatewayRef): readonly Resource[] {
  if (ref.mesh) return [];
  return ws.gateways(ref.namespace, ref.name);
}

/** The FQDN that a Service answers to. */
export function fqdnOfService(svc: Resource): string | undefined {
  return svc.name ? serviceFQDN(svc.name, svc.namespace) : undefined;
}

/** Name of a destination for messages: its subset, else its host. */
export function destinationLabel(d: RouteDestination): string {
  return d.subset?.value ?? d.host?.value ?? `destination ${d.index + 1}`;
}

/** The last path segment of a URI or path, for messages. */
export function baseName(uri: string): string {
  const clean = uri.replace(/[?#].*$/, '');
  const i = clean.lastIndexOf('/');
  return decodeURIComponent(i === -1 ? clean : clean.slice(i + 1));
}
