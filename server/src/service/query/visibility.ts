/**
 * What a proxy can see. A VirtualService, DestinationRule, ServiceEntry or Service is visible in
 * the namespaces it is exported to (`exportTo`, else the mesh default of the settings), and a
 * namespace's proxies import only the hosts its Sidecar lists (the namespace's Sidecar without
 * selector, else the root namespace's). Conflict rules ask whether two resources are ever seen
 * together; link rules ask whether a resource is seen where it is used.
 */
import { CLUSTER_DOMAIN, hostsOverlap, toFQDN } from '../hosts';
import { exportNamespaces } from '../links';
import type { Lookup } from '../lookup';
import { type GatewayRef, labelsMatch, type Resource, WORKLOAD_KINDS } from '../model';
import { rootNamespace } from './policies';

/** The namespaces `r` is exported to, `.` resolved to its own; `*` stands for all. Empty: none (`~`). */
export function exportTargets(ws: Lookup, r: Resource): string[] {
  const list = exportNamespaces(r, ws.settings);
  if (!list.length || list.includes('*')) return ['*'];
  return [...new Set(list.filter((x) => x !== '~'))];
}

/** Is `r` visible to the proxies of namespace `ns`? */
export function visibleIn(ws: Lookup, r: Resource, ns: string): boolean {
  const t = exportTargets(ws, r);
  return t.includes('*') || t.includes(ns);
}

/** The Sidecar that sets what the proxies of namespace `ns` import: its own without selector, else the root namespace's. */
export function effectiveSidecar(ws: Lookup, ns: string): Resource | undefined {
  const pick = (n: string) => ws.ofKind('Sidecar', n).find((s) => s.view?.type === 'Policy' && !s.view.pol.selector);
  const own = pick(ns);
  if (own) return own;
  const root = rootNamespace(ws);
  return root !== ns ? pick(root) : undefined;
}

interface EgressEntry {
  namespace: string;
  dns: string;
  exclude: boolean;
}

/** The egress entries of the Sidecar of namespace `ns`, or undefined when its proxies import everything. */
export function importScope(ws: Lookup, ns: string): { sidecar: Resource; entries: EgressEntry[] } | undefined {
  const sidecar = effectiveSidecar(ws, ns);
  if (sidecar?.view?.type !== 'Policy') return undefined;
  const entries: EgressEntry[] = [];
  for (const e of sidecar.view.pol.egress)
    for (const h of e.hosts) {
      const i = h.value.indexOf('/');
      if (i === -1) continue;
      let n = h.value.slice(0, i);
      const exclude = n.startsWith('~');
      if (exclude) n = n.slice(1) || '*';
      entries.push({ namespace: n === '.' ? ns : n, dns: h.value.slice(i + 1), exclude });
    }
  return entries.length ? { sidecar, entries } : undefined;
}

const SERVICE_HOST = new RegExp(`^[^.]+\\.([^.]+)\\.${CLUSTER_DOMAIN.replace(/\./g, '\\.')}$`);

/** `name.namespace.svc.cluster.local` → namespace; undefined for other names. */
function serviceNamespace(fqdn: string): string | undefined {
  return SERVICE_HOST.exec(fqdn)?.[1];
}

function entryMatches(e: EgressEntry, fqdn: string, configNamespace: string): boolean {
  const ns = serviceNamespace(fqdn) ?? configNamespace;
  if (e.namespace !== '*' && e.namespace !== ns) return false;
  if (e.dns === '*') return true;
  return hostsOverlap(e.dns, fqdn);
}

/**
 * Do the proxies of namespace `ns` import `host` (as written in a resource of `configNamespace`)?
 * True when no Sidecar restricts them. A Kubernetes service host belongs to its Service's
 * namespace; other hosts (ServiceEntry hosts) to the namespace of the resource that declares them.
 */
export function importsHost(ws: Lookup, ns: string, host: string, configNamespace: string): boolean {
  const scope = importScope(ws, ns);
  if (!scope) return true;
  const fqdn = toFQDN(host, configNamespace);
  if (!scope.entries.some((e) => !e.exclude && entryMatches(e, fqdn, configNamespace))) return false;
  return !scope.entries.some((e) => e.exclude && entryMatches(e, fqdn, configNamespace));
}

/**
 * Can one proxy see both `a` and `b`: some namespace they are both exported to, whose Sidecar
 * (when `host` is given) imports the host of each.
 */
export function seenTogether(ws: Lookup, a: Resource, b: Resource, host?: string): boolean {
  const ta = exportTargets(ws, a);
  const tb = exportTargets(ws, b);
  const both = ta.includes('*') && tb.includes('*');
  const candidates = new Set([a.namespace, b.namespace, ...ta, ...tb].filter((x) => x !== '*'));
  const ok = (ns: string) => !host || (importsHost(ws, ns, host, a.namespace) && importsHost(ws, ns, host, b.namespace));
  for (const ns of candidates) if (visibleIn(ws, a, ns) && visibleIn(ws, b, ns) && ok(ns)) return true;
  // A namespace neither names, whose proxies follow the root namespace's Sidecar (if any); as
  // Kiali does, resources whose own namespace's Sidecar does not import the host are left out:
  // the namespace that holds them does not use them.
  const ownImports = !host || (importsHost(ws, a.namespace, host, a.namespace) && importsHost(ws, b.namespace, host, b.namespace));
  if (both && ownImports && ok('\u0000elsewhere')) return true;
  return false;
}

/**
 * The namespaces of the proxies a Gateway configures: those of the workloads its selector picks
 * in the workspace (in any namespace), else `istio-system` for the default ingress and egress
 * gateways (`assumed`), else none known.
 */
export function gatewayProxyNamespaces(ws: Lookup, gw: Resource): { namespaces: string[]; assumed: boolean } {
  if (gw.view?.type !== 'Gateway') return { namespaces: [], assumed: false };
  const selector = gw.view.gw.selector;
  if (!Object.keys(selector).length) return { namespaces: [], assumed: false };
  const found = new Set<string>();
  for (const k of WORKLOAD_KINDS)
    for (const w of ws.ofKind(k)) if (w.view?.type === 'Workload' && labelsMatch(selector, w.view.wl.podLabels)) found.add(w.namespace);
  if (found.size) return { namespaces: [...found], assumed: false };
  const keys = Object.keys(selector);
  if (keys.length === 1 && (selector.istio === 'ingressgateway' || selector.istio === 'egressgateway')) return { namespaces: ['istio-system'], assumed: true };
  return { namespaces: [], assumed: false };
}

/** Proxies that apply a VirtualService's routes: gateway proxies of its Gateways, or the mesh's. */
export interface RouteConsumer {
  namespace: string;
  /** The Gateway whose proxies these are (none for the mesh's sidecars). */
  gateway?: Resource;
  ref?: GatewayRef;
  /** The gateway proxy's namespace is the default install's, not one the workspace shows. */
  assumed: boolean;
}

/**
 * The namespaces whose proxies use a VirtualService's routes, where the workspace can tell: the
 * gateway proxies of each Gateway it is bound to, and for mesh routes the namespaces of an
 * explicit `exportTo` (with `*`, any namespace may call, and none is named).
 */
export function routeConsumers(ws: Lookup, vs: Resource): RouteConsumer[] {
  if (vs.view?.type !== 'VirtualService') return [];
  const out: RouteConsumer[] = [];
  for (const ref of vs.view.vs.gateways) {
    if (ref.mesh) continue;
    for (const gw of ws.gateways(ref.namespace, ref.name)) {
      const { namespaces, assumed } = gatewayProxyNamespaces(ws, gw);
      for (const ns of namespaces) out.push({ namespace: ns, gateway: gw, ref, assumed });
    }
  }
  if (vs.view.vs.mesh) {
    const t = exportTargets(ws, vs);
    if (!t.includes('*')) for (const ns of t) out.push({ namespace: ns, assumed: false });
  }
  return out;
}
