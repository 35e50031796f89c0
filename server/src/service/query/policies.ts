/**
 * Workload-selecting kinds (Sidecar, AuthorizationPolicy, PeerAuthentication,
 * RequestAuthentication, Telemetry, WasmPlugin): which workloads a selector picks, and how sure
 * the workspace can be about it.
 */
import { CLUSTER_DOMAIN, hostsOverlap, serviceFQDN, toFQDN } from '../hosts';
import type { Lookup } from '../lookup';
import { labelsMatch, type PolicyView, type Resource, WORKLOAD_KINDS } from '../model';

export function policyOf(res: Resource): PolicyView | undefined {
  return res.view?.type === 'Policy' ? res.view.pol : undefined;
}

/**
 * The other objects of `res`'s kind in its namespace that, like it, apply to the whole namespace
 * (no selector, no targetRef) and are applied together with it; none when `res` has a selector
 * or a targetRef. Only one namespace-wide object of a kind takes effect.
 */
export function namespaceWidePeers(ws: Lookup, res: Resource): Resource[] {
  const pol = policyOf(res);
  if (!pol || pol.selector || pol.targetRef) return [];
  return ws
    .ofKind(res.kind, res.namespace)
    .filter(
      (o) => o !== res && o.key !== res.key && o.view?.type === 'Policy' && !o.view.pol.selector && !o.view.pol.targetRef && ws.sameApplyUnit(res.uri, o.uri),
    );
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
  return defined.some((d) => forms.some((f) => hostsOverlap(d, f)));
}

/** Does the workspace hold anything of namespace `ns` (so that what it lacks there is telling)? */
export function holdsNamespace(ws: Lookup, ns: string): boolean {
  return ws.workloadsInNamespace(ns).length > 0 || ws.ofKind('Service', ns).length > 0 || ws.ofKind('ServiceEntry', ns).length > 0;
}

/** `<trust domain>/ns/<namespace>/sa/<service account>` → its namespace and service account (wildcards left as written). */
export function parsePrincipal(principal: string): { namespace: string; serviceAccount: string } | undefined {
  const m = /^(?:[^/]*\/)?ns\/([^/]+)\/sa\/([^/]+)$/.exec(principal);
  return m ? { namespace: m[1], serviceAccount: m[2] } : undefined;
}

/** Workloads that run as a principal's service account, and the ServiceAccount objects it names. */
export function principalTargets(ws: Lookup, principal: string): { workloads: Resource[]; accounts: Resource[] } {
  const p = parsePrincipal(principal);
  if (!p || p.namespace.includes('*')) return { workloads: [], accounts: [] };
  const sa = (name: string) => p.serviceAccount === '*' || p.serviceAccount === name;
  const workloads = ws.workloadsInNamespace(p.namespace).filter((w) => w.view?.type === 'Workload' && sa(w.view.wl.serviceAccount));
  const accounts = ws.ofKind('ServiceAccount', p.namespace).filter((a) => a.group === '' && !!a.name && sa(a.name));
  return { workloads, accounts };
}

/** What a Sidecar egress host (`namespace/dnsName`) of a Sidecar in `sidecarNs` imports from the workspace. */
export function egressImports(ws: Lookup, sidecarNs: string, host: string): { res: Resource; host: string }[] {
  const i = host.indexOf('/');
  if (i === -1) return [];
  const ns = host.slice(0, i);
  const dns = host.slice(i + 1).toLowerCase();
  if (ns === '~') return [];
  const from = ns === '.' ? sidecarNs : ns;
  const fromOk = (n: string) => from === '*' || from === n;
  const dnsOk = (h: string) => hostsOverlap(dns, h);
  const out: { res: Resource; host: string }[] = [];
  for (const s of ws.ofKind('Service')) {
    if (!s.name || !fromOk(s.namespace)) continue;
    const h = serviceFQDN(s.name, s.namespace);
    if (dnsOk(h)) out.push({ res: s, host: h });
  }
  for (const kind of ['ServiceEntry', 'VirtualService'] as const)
    for (const r of ws.ofKind(kind)) {
      if (!fromOk(r.namespace)) continue;
      const hosts = r.view?.type === 'ServiceEntry' ? r.view.se.hosts : r.view?.type === 'VirtualService' ? r.view.vs.hosts : [];
      for (const x of hosts) {
        const h = toFQDN(x.value, r.namespace).toLowerCase();
        if (dnsOk(h)) out.push({ res: r, host: h });
      }
    }
  return out;
}
