/**
 * Workload-selecting kinds (Sidecar, AuthorizationPolicy, PeerAuthentication,
 * RequestAuthentication, Telemetry, WasmPlugin): which workloads a selector picks, and how sure
 * the workspace can be about it.
 */
import { CLUSTER_DOMAIN, hostMatches, serviceFQDN, toFQDN } from '../hosts';
import type { Lookup } from '../lookup';
import { labelsMatch, type PolicyView, type Resource, WORKLOAD_KINDS } from '../model';

export function policyOf(res: Resource): PolicyView | undefined {
  return res.view?.type === 'Policy' ? res.view.pol : undefined;
}

/** The mesh's root namespace (the `rootNamespace` setting). */
export function rootNamespace(ws: Lookup): string {
  return ws.settings.rootNamespace || 'istio-system';
}

/**
 * Namespaces whose workloads a selector of `res` can pick: its own, or every namespace for a
 * security or telemetry policy in the root namespace (a Sidecar's selector stays in its namespace).
 */
export function selectsAcrossMesh(ws: Lookup, res: Resource): boolean {
  return res.kind !== 'Sidecar' && res.namespace === rootNamespace(ws);
}

/** Every workload (Deployment, Pod, ...) of the workspace, in any namespace. */
export function allWorkloads(ws: Lookup): Resource[] {
  const out: Resource[] = [];
  for (const k of WORKLOAD_KINDS) for (const w of ws.ofKind(k)) if (w.view?.type === 'Workload') out.push(w);
  return out;
}

/** The workloads a selector of `res` picks (none when it has no selector). */
export function selectedWorkloads(ws: Lookup, res: Resource, selector = policyOf(res)?.selector): Resource[] {
  if (!selector) return [];
  if (selectsAcrossMesh(ws, res)) return allWorkloads(ws).filter((w) => w.view?.type === 'Workload' && labelsMatch(selector, w.view.wl.podLabels));
  return ws.workloadsMatching(res.namespace, selector);
}

/** Workloads a policy without selector applies to: its namespace's (the whole mesh's from the root namespace). */
export function namespaceWorkloads(ws: Lookup, res: Resource): readonly Resource[] {
  return selectsAcrossMesh(ws, res) ? allWorkloads(ws) : ws.workloadsInNamespace(res.namespace).filter((w) => w.view?.type === 'Workload');
}

/** The names a Host header or egress host may take for a Service: `name`, `name.ns`, `name.ns.svc` stand for `name.ns.svc.cluster.local`. */
export function hostForms(host: string, namespace: string): string[] {
  const h = host.replace(/:\d+$/, '').toLowerCase();
  const parts = h.split('.');
  const out = [h];
  if (parts.length === 1) out.push(`${h}.${namespace}.${CLUSTER_DOMAIN}`);
  else if (parts.length === 2) out.push(`${h}.svc.cluster.local`);
  else if (parts.length === 3 && parts[2] === 'svc') out.push(`${h}.cluster.local`);
  return out;
}

/** Every host the workspace defines: Services (FQDN), ServiceEntry and VirtualService hosts, Gateway server hosts (wildcards kept). */
export function definedHosts(ws: Lookup, opts: { gateways?: boolean } = {}): string[] {
  const out: string[] = [];
  for (const s of ws.ofKind('Service')) if (s.name) out.push(serviceFQDN(s.name, s.namespace));
  for (const se of ws.ofKind('ServiceEntry')) if (se.view?.type === 'ServiceEntry') for (const h of se.view.se.hosts) out.push(toFQDN(h.value, se.namespace));
  for (const vs of ws.ofKind('VirtualService'))
    if (vs.view?.type === 'VirtualService') for (const h of vs.view.vs.hosts) out.push(toFQDN(h.value, vs.namespace));
  if (opts.gateways)
    for (const gw of ws.ofKind('Gateway'))
      if (gw.view?.type === 'Gateway')
        for (const s of gw.view.gw.servers)
          for (const h of s.hosts) {
            const i = h.value.indexOf('/');
            out.push(i === -1 ? h.value : h.value.slice(i + 1));
          }
  return out.map((h) => h.toLowerCase());
}

/** Is `host` (as written in `namespace`) one the workspace defines? */
export function hostDefined(defined: readonly string[], host: string, namespace: string): boolean {
  const forms = hostForms(host, namespace);
  return defined.some((d) => forms.some((f) => hostMatches(d, f) || (f.startsWith('*') && hostMatches(f, d))));
}

/** Does the workspace hold anything of namespace `ns` (so that what it lacks there is telling)? */
export function holdsNamespace(ws: Lookup, ns: string): boolean {
  return ws.workloadsInNamespace(ns).length > 0 || ws.ofKind('Service', ns).length > 0 || ws.ofKind('ServiceEntry', ns).length > 0;
}
