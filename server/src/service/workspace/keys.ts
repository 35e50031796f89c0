/**
 * The lookup keys a resource answers (`svc:<fqdn>`, `dr:<fqdn>`, `gw:<ns>/<name>`, …). A file's
 * analysis records the keys it looked up; a change to a resource invalidates the files that
 * looked up one of its keys.
 */
import { isWildcard, serviceFQDN, toFQDN } from '../hosts';
import type { Resource } from '../model';

export function providedKeys(r: Resource): string[] {
  const keys = [`kind:${r.kind}`, `kind:${r.kind}:${r.namespace}`, `res:${r.key}`];
  // VirtualServices may bind to Kubernetes Gateway API gateways too.
  if (r.kind === 'Gateway' && r.group === 'gateway.networking.k8s.io' && r.name) keys.push(`gw:${r.namespace}/${r.name}`);
  const v = r.view;
  if (!v) return keys;
  switch (v.type) {
    case 'Service':
      if (r.name) keys.push(`svc:${serviceFQDN(r.name, r.namespace)}`);
      // A Service that selects pods, by each pair of its selector: the Services that may select a workload are among those of its label pairs.
      for (const [k, val] of Object.entries(v.svc.selector ?? {})) keys.push(`svcsel:${r.namespace}|${k}=${val}`);
      break;
    case 'ServiceEntry':
      for (const h of v.se.hosts) keys.push(isWildcard(h.value) ? 'se:*' : `se:${toFQDN(h.value, r.namespace)}`);
      break;
    case 'DestinationRule':
      if (v.dr.host) keys.push(isWildcard(v.dr.host.value) ? 'dr:*' : `dr:${toFQDN(v.dr.host.value, r.namespace)}`);
      break;
    case 'Gateway':
      if (r.name) keys.push(`gw:${r.namespace}/${r.name}`);
      break;
    case 'Workload':
      keys.push(`wl:${r.namespace}`);
      for (const [k, val] of Object.entries(v.wl.podLabels)) keys.push(`wlsel:${r.namespace}|${k}=${val}`);
      break;
    case 'VirtualService': {
      for (const h of v.vs.hosts) keys.push(isWildcard(h.value) ? 'vs:*' : `vs:${toFQDN(h.value, r.namespace)}`);
      const dests = new Set<string>();
      for (const route of [...v.vs.http, ...v.vs.tcp, ...v.vs.tls])
        for (const d of route.destinations) if (d.host) dests.add(`vsdest:${toFQDN(d.host.value, r.namespace)}`);
      keys.push(...dests);
      break;
    }
  }
  return keys;
}
