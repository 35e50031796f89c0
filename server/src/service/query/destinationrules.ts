/** DestinationRules that Istio merges: the same host in the same namespace, without workload selectors, seen by one proxy. */
import { toFQDN } from '../hosts';
import type { Lookup } from '../lookup';
import type { Resource } from '../model';
import { seenTogether } from './visibility';

/**
 * The other DestinationRules (no workloadSelector) for the host of `dr`, in its namespace and
 * applied together with it and seen by some proxy together with it (exportTo, Sidecar imports); none when `dr` has no host or has a workload selector.
 */
export function mergedDestinationRules(ws: Lookup, dr: Resource): Resource[] {
  if (dr.view?.type !== 'DestinationRule' || !dr.view.dr.host || dr.view.dr.workloadSelector) return [];
  const fqdn = toFQDN(dr.view.dr.host.value, dr.namespace);
  return ws
    .destinationRulesForHost(fqdn)
    .filter(
      (o) =>
        o !== dr &&
        o.key !== dr.key &&
        o.namespace === dr.namespace &&
        o.view?.type === 'DestinationRule' &&
        !o.view.dr.workloadSelector &&
        !!o.view.dr.host &&
        toFQDN(o.view.dr.host.value, o.namespace) === fqdn &&
        ws.sameApplyUnit(dr.uri, o.uri) &&
        seenTogether(ws, dr, o, fqdn),
    );
}
