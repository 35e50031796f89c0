/**
 * The lookup keys a resource answers (`svc:<fqdn>`, `dr:<fqdn>`, `gw:<ns>/<name>`, …). A file's
 * analysis records the keys it looked up; a change to a resource invalidates the files that
 * looked up one of its keys. The one place a key string is spelled: lookups build theirs with
 * the functions below.
 */
import { isWildcard, serviceFQDN, toFQDN } from '../hosts';
import type { Resource } from '../model';

/** Stands for every wildcard host in a host key (`vs:*`, `dr:*`, `se:*`): wildcards are matched after the lookup. */
export const ANY_WILDCARD = '*';

/** The objects of a kind, in one namespace when given. */
export const kindKey = (kind: string, namespace?: string): string => (namespace === undefined ? `kind:${kind}` : `kind:${kind}:${namespace}`);
/** One object by its `Kind/namespace/name`. */
export const resourceKey = (key: string): string => `res:${key}`;
/** The Service of a fully qualified name. */
export const serviceKey = (fqdn: string): string => `svc:${fqdn}`;
/** ServiceEntries naming a host (ANY_WILDCARD: those with a wildcard host). */
export const serviceEntryKey = (fqdn: string): string => `se:${fqdn}`;
/** DestinationRules for a host (ANY_WILDCARD: those with a wildcard host). */
export const destinationRuleKey = (fqdn: string): string => `dr:${fqdn}`;
/** VirtualServices naming a host (ANY_WILDCARD: those with a wildcard host). */
export const virtualServiceKey = (fqdn: string): string => `vs:${fqdn}`;
/** VirtualServices routing to a host. */
export const routedToKey = (fqdn: string): string => `vsdest:${fqdn}`;
/** A gateway (Istio or Kubernetes Gateway API) by namespace and name. */
export const gatewayKey = (namespace: string, name: string): string => `gw:${namespace}/${name}`;
/** The workloads of a namespace. */
export const workloadsKey = (namespace: string): string => `wl:${namespace}`;
/** The workloads of a namespace whose pods carry one label. */
export const workloadLabelKey = (namespace: string, key: string, value: string): string => `wlsel:${namespace}|${key}=${value}`;

/** The Services of a namespace whose selector has one label pair. */
export const serviceSelectorKey = (namespace: string, key: string, value: string): string => `svcsel:${namespace}|${key}=${value}`;

const hostOrAny = (host: string, namespace: string): string => (isWildcard(host) ? ANY_WILDCARD : toFQDN(host, namespace));

export function providedKeys(r: Resource): string[] {
  const keys = [kindKey(r.kind), kindKey(r.kind, r.namespace), resourceKey(r.key)];
  // VirtualServices may bind to Kubernetes Gateway API gateways too.
  if (r.kind === 'Gateway' && r.group === 'gateway.networking.k8s.io' && r.name) keys.push(gatewayKey(r.namespace, r.name));
  const v = r.view;
  if (!v) return keys;
  switch (v.type) {
    case 'Service':
      if (r.name) keys.push(serviceKey(serviceFQDN(r.name, r.namespace)));
      // A Service that selects pods, by each pair of its selector: the Services that may select a workload are among those of its label pairs.
      for (const [k, val] of Object.entries(v.svc.selector ?? {})) keys.push(serviceSelectorKey(r.namespace, k, val));
      break;
    case 'ServiceEntry':
      for (const h of v.se.hosts) keys.push(serviceEntryKey(hostOrAny(h.value, r.namespace)));
      break;
    case 'DestinationRule':
      if (v.dr.host) keys.push(destinationRuleKey(hostOrAny(v.dr.host.value, r.namespace)));
      break;
    case 'Gateway':
      if (r.name) keys.push(gatewayKey(r.namespace, r.name));
      break;
    case 'Workload':
      keys.push(workloadsKey(r.namespace));
      for (const [k, val] of Object.entries(v.wl.podLabels)) keys.push(workloadLabelKey(r.namespace, k, val));
      break;
    case 'VirtualService': {
      for (const h of v.vs.hosts) keys.push(virtualServiceKey(hostOrAny(h.value, r.namespace)));
      const dests = new Set<string>();
      for (const route of [...v.vs.http, ...v.vs.tcp, ...v.vs.tls])
        for (const d of route.destinations) if (d.host) dests.add(routedToKey(toFQDN(d.host.value, r.namespace)));
      keys.push(...dests);
      break;
    }
  }
  return keys;
}
