/**
 * The resource index: which resources provide which lookup key, and the lookups across files.
 * While a file is analyzed, every lookup records the key it asked for (see `track`), so the
 * workspace knows which files to re-analyze when a resource providing that key changes.
 */
import { hostMatches, isWildcard, toFQDN } from '../hosts';
import type { Resource } from '../model';
import {
  ANY_WILDCARD,
  destinationRuleKey,
  gatewayKey,
  kindKey,
  providedKeys,
  resourceKey,
  routedToKey,
  serviceEntryKey,
  serviceKey,
  serviceSelectorKey,
  virtualServiceKey,
  workloadLabelKey,
  workloadsKey,
} from './keys';

const EMPTY: readonly Resource[] = Object.freeze([]);

export class ResourceIndex {
  private providers = new Map<string, Resource[]>();
  /** The keys looked up by the analysis in progress, if any. */
  protected tracking: Set<string> | undefined;
  /** Lookups made so far (a rule that made any depends on other files). */
  protected lookups = 0;
  /** What the lookups of the rule check in progress returned (set per check while a file is analyzed). */
  protected returned: (readonly Resource[])[] | undefined;

  /** Add `r` to the lists of the keys it provides (`keys`: providedKeys(r), when the caller has them). */
  protected provide(r: Resource, keys: readonly string[] = providedKeys(r)): void {
    for (const k of keys) {
      const list = this.providers.get(k);
      if (list) list.push(r);
      else this.providers.set(k, [r]);
    }
  }

  protected unprovide(r: Resource): void {
    for (const k of providedKeys(r)) {
      const list = this.providers.get(k);
      if (!list) continue;
      const i = list.indexOf(r);
      if (i !== -1) list.splice(i, 1);
      if (!list.length) this.providers.delete(k);
    }
  }

  /** Resources providing `key`; records the dependency when a file is being analyzed. */
  lookup(key: string): readonly Resource[] {
    this.lookups++;
    this.tracking?.add(key);
    const list = this.providers.get(key) ?? EMPTY;
    this.returned?.push(list);
    return list;
  }

  /** Services whose FQDN is `fqdn`. */
  servicesForHost(fqdn: string): readonly Resource[] {
    return this.lookup(serviceKey(fqdn));
  }

  /** ServiceEntries with a host equal to, or a wildcard covering, `fqdn`. */
  serviceEntriesForHost(fqdn: string): Resource[] {
    const exact = this.lookup(serviceEntryKey(fqdn));
    const wild = this.lookup(serviceEntryKey(ANY_WILDCARD));
    const out = [...exact];
    for (const r of wild) {
      if (out.includes(r)) continue;
      if (r.view?.type === 'ServiceEntry' && r.view.se.hosts.some((h) => isWildcard(h.value) && hostMatches(toFQDN(h.value, r.namespace), fqdn))) out.push(r);
    }
    return out;
  }

  /** DestinationRules whose host is `fqdn`, or a wildcard covering it. */
  destinationRulesForHost(fqdn: string): Resource[] {
    const out = [...this.lookup(destinationRuleKey(fqdn))];
    for (const r of this.lookup(destinationRuleKey(ANY_WILDCARD))) {
      if (out.includes(r)) continue;
      if (r.view?.type === 'DestinationRule' && r.view.dr.host && hostMatches(toFQDN(r.view.dr.host.value, r.namespace), fqdn)) out.push(r);
    }
    return out;
  }

  /** VirtualServices that list `fqdn` among their hosts (exactly, after short-name resolution). */
  virtualServicesForHost(fqdn: string): readonly Resource[] {
    return this.lookup(virtualServiceKey(fqdn));
  }

  gateways(namespace: string, name: string): readonly Resource[] {
    return this.lookup(gatewayKey(namespace, name));
  }

  workloadsInNamespace(namespace: string): readonly Resource[] {
    return this.lookup(workloadsKey(namespace));
  }

  /** Workloads of a namespace whose pod labels carry every pair of `selector` (indexed by label pair). */
  workloadsMatching(namespace: string, selector: Record<string, string>): Resource[] {
    const pairs = Object.entries(selector);
    if (!pairs.length) return [...this.workloadsInNamespace(namespace)];
    // Every workload of the answer carries every pair, before a change and after it: a change to
    // the answer changes a workload that provides each pair's key. So one key is recorded as a
    // dependency, the one with the fewest workloads (a pair like version=v2, shared across apps,
    // would make every edit of any app's workload re-analyse this file); every list is still
    // returned as looked up (the namespace caveat reads them).
    let best: readonly Resource[] | undefined;
    let bestKey = '';
    const tracking = this.tracking;
    this.tracking = undefined;
    try {
      for (const [k, v] of pairs) {
        const key = workloadLabelKey(namespace, k, v);
        const list = this.lookup(key);
        if (!best || list.length < best.length) {
          best = list;
          bestKey = key;
        }
        if (!list.length) break;
      }
    } finally {
      this.tracking = tracking;
    }
    tracking?.add(bestKey);
    return (best ?? []).filter(
      (w) =>
        w.view?.type === 'Workload' &&
        pairs.every(([k, v]) => w.view!.type === 'Workload' && (w.view as { wl: { podLabels: Record<string, string> } }).wl.podLabels[k] === v),
    );
  }

  /** Services of a namespace whose selector shares a label pair with `podLabels` (indexed by label pair; the caller checks the whole selector). */
  servicesSharingLabel(namespace: string, podLabels: Record<string, string>): Resource[] {
    const out = new Set<Resource>();
    for (const [k, v] of Object.entries(podLabels)) for (const s of this.lookup(serviceSelectorKey(namespace, k, v))) out.add(s);
    return [...out];
  }

  /** VirtualServices with a route destination whose host resolves to `fqdn`. */
  virtualServicesRoutingTo(fqdn: string): readonly Resource[] {
    return this.lookup(routedToKey(fqdn));
  }

  /** VirtualServices whose hosts overlap `fqdn` (exact names, plus wildcard hosts that cover it or that it covers). */
  virtualServicesOverlapping(fqdn: string): Resource[] {
    const out = new Set<Resource>(this.lookup(virtualServiceKey(fqdn)));
    for (const r of this.lookup(virtualServiceKey(ANY_WILDCARD))) {
      if (
        r.view?.type === 'VirtualService' &&
        r.view.vs.hosts.some((h) => hostMatches(toFQDN(h.value, r.namespace), fqdn) || hostMatches(fqdn, toFQDN(h.value, r.namespace)))
      )
        out.add(r);
    }
    if (isWildcard(fqdn))
      for (const r of this.ofKind('VirtualService'))
        if (r.view?.type === 'VirtualService' && r.view.vs.hosts.some((h) => hostMatches(fqdn, toFQDN(h.value, r.namespace)))) out.add(r);
    return [...out];
  }

  /** Every resource of a kind (coarse dependency: any change to that kind re-analyzes the caller). */
  ofKind(kind: string, namespace?: string): readonly Resource[] {
    return this.lookup(kindKey(kind, namespace));
  }

  /** Resources with the same kind, namespace and name. */
  byKey(kind: string, namespace: string, name: string): readonly Resource[] {
    return this.lookup(resourceKey(`${kind}/${namespace}/${name}`));
  }
}
