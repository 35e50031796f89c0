/** DestinationRules that Istio merges: the same host in the same namespace, without workload selectors, seen by one proxy. */
import { toFQDN } from '../hosts';
import type { Lookup } from '../lookup';
import type { DestinationRuleView, Resource, Str } from '../model';
import { seenTogether } from './visibility';

/** A DestinationRule and the others Istio merges with it. */
export interface MergedDestinationRules {
  /** The DestinationRule itself. */
  dr: DestinationRuleView;
  /** Its host, as written. */
  host: Str;
  /** Its host, as an FQDN. */
  fqdn: string;
  /** The other DestinationRules of that host merged with it. */
  others: Resource[];
}

/**
 * The other DestinationRules (no workloadSelector) for the host of `dr`, in its namespace and
 * applied together with it and seen by some proxy together with it (exportTo, Sidecar imports);
 * undefined when `dr` is no DestinationRule, has no host or has a workload selector, or when no
 * other DestinationRule merges with it.
 */
export function mergedDestinationRules(ws: Lookup, dr: Resource): MergedDestinationRules | undefined {
  if (dr.view?.type !== 'DestinationRule' || !dr.view.dr.host || dr.view.dr.workloadSelector) return undefined;
  const host = dr.view.dr.host;
  const fqdn = toFQDN(host.value, dr.namespace);
  const others = ws
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
  return others.length ? { dr: dr.view.dr, host, fqdn, others } : undefined;
}
