/**
 * Cross-links between resources, shared by rules, hover, definition, references and actions:
 * VS destination host → Service/ServiceEntry; VS subset → DR subset; DR subset labels → workloads;
 * VS gateways → Gateway.
 */
import { serviceFQDN, toFQDN } from './hosts';
import type { Lookup } from './lookup';
import { type GatewayRef, labelsMatch, type Resource, type RouteDestination, type Subset } from './model';

export interface HostTargets {
  fqdn: string;
  services: readonly Resource[];
  serviceEntries: Resource[];
}

/** The mesh defaults of `exportTo` (meshConfig `default*ExportTo`), as the settings give them. */
export interface ExportDefaults {
  defaultVirtualServiceExportTo?: string[];
  defaultDestinationRuleExportTo?: string[];
  defaultServiceExportTo?: string[];
}

/**
 * Namespaces a resource is exported to (`exportTo`, or the Service annotation
 * `networking.istio.io/exportTo`, else the mesh default of `defaults`), `.` resolved to its own
 * namespace; empty = all.
 */
export function exportNamespaces(r: Resource, defaults?: ExportDefaults): string[] {
  let list: string[] = [];
  let fallback: string[] | undefined;
  if (r.view?.type === 'ServiceEntry') [list, fallback] = [r.view.se.exportTo, defaults?.defaultServiceExportTo];
  else if (r.view?.type === 'DestinationRule') [list, fallback] = [r.view.dr.exportTo, defaults?.defaultDestinationRuleExportTo];
  else if (r.view?.type === 'VirtualService') [list, fallback] = [r.view.vs.exportTo, defaults?.defaultVirtualServiceExportTo];
  else if (r.view?.type === 'Service') {
    list = (r.annotations['networking.istio.io/exportTo'] ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    fallback = defaults?.defaultServiceExportTo;
  }
  if (!list.length && fallback?.length && !fallback.includes('*')) list = fallback;
  return list.map((x) => (x === '.' ? r.namespace : x));
}

/** Is `r` visible from namespace `ns`? */
export function visibleFrom(r: Resource, ns: string, defaults?: ExportDefaults): boolean {
  const list = exportNamespaces(r, defaults);
  return !list.length || list.includes('*') || list.includes(ns);
}

/** Namespaces from which a VirtualService is consumed: its exportTo (own namespace for '.', absent or '*'). */
export function consumerNamespaces(vs: Resource, defaults?: ExportDefaults): string[] {
  const list = exportNamespaces(vs, defaults).filter((x) => x !== '*');
  return list.length ? list : [vs.namespace];
}

export function resolveHost(ws: Lookup, host: string, namespace: string, consumers: string[] = [namespace]): HostTargets & { hidden: Resource[] } {
  const fqdn = toFQDN(host, namespace);
  const visible = (r: Resource) => consumers.every((ns) => visibleFrom(r, ns, ws.settings));
  const services = ws.servicesForHost(fqdn);
  const serviceEntries = ws.serviceEntriesForHost(fqdn);
  return {
    fqdn,
    services: services.filter(visible),
    serviceEntries: serviceEntries.filter(visible),
    hidden: [...services, ...serviceEntries].filter((r) => !visible(r)),
  };
}

export interface SubsetDefinition {
  dr: Resource;
  subset: Subset;
}

/** DestinationRules for a host, and the subsets named `name` among them. */
export function findSubset(ws: Lookup, fqdn: string, name: string): { drs: Resource[]; matches: SubsetDefinition[]; available: string[] } {
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

/** Subset labels that select pods: topology labels (zone, region, network, cluster) describe where endpoints run, not pod labels. */
export function podLabelsOf(labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  // An empty topology value matches no endpoint, so it is kept (and then matches no pod).
  for (const [k, v] of Object.entries(labels)) if (!/^topology\.(kubernetes|istio)\.io\//.test(k) || v === '') out[k] = v;
  return out;
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
export function subsetWorkloads(ws: Lookup, dr: Resource, subset: Subset): SubsetWorkloads {
  if (dr.view?.type !== 'DestinationRule' || !dr.view.dr.host) return { candidates: [], selected: [] };
  const fqdn = toFQDN(dr.view.dr.host.value, dr.namespace);
  const service = ws.servicesForHost(fqdn).find((s) => s.view?.type === 'Service' && s.view.svc.selector);
  if (service?.view?.type !== 'Service' || !service.view.svc.selector) {
    // No Service in the workspace: compare with the pods of the DestinationRule's namespace (as istioctl does).
    const candidates = ws.workloadsInNamespace(dr.namespace).filter((w) => w.kind === 'Pod' || w.view?.type === 'Workload');
    const labels = podLabelsOf(subset.labels);
    const selected = candidates.filter((w) => w.view?.type === 'Workload' && Object.keys(labels).length > 0 && labelsMatch(labels, w.view.wl.podLabels));
    return { candidates, selected };
  }
  const selector = service.view.svc.selector;
  const candidates = Object.keys(selector).length ? ws.workloadsMatching(service.namespace, selector) : [];
  const selected = candidates.filter((w) => w.view?.type === 'Workload' && labelsMatch(podLabelsOf(subset.labels), w.view.wl.podLabels));
  return { service, candidates, selected };
}

/** Every VirtualService destination (in the workspace) that routes to `fqdn` with subset `name`. */
export function routesToSubset(ws: Lookup, fqdn: string, name: string): { vs: Resource; dest: RouteDestination }[] {
  const out: { vs: Resource; dest: RouteDestination }[] = [];
  for (const vs of ws.virtualServicesRoutingTo(fqdn)) {
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

export function gatewayTargets(ws: Lookup, ref: GatewayRef): readonly Resource[] {
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
