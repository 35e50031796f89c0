/** ServiceEntries that define one host together: the same host, applied together, seen by one proxy. */
import { toFQDN } from '../hosts';
import type { Lookup } from '../lookup';
import type { Resource } from '../model';
import { seenTogether } from './visibility';

/**
 * The other ServiceEntries that define host `fqdn` (one of the hosts of `se`) too, applied
 * together with `se` and seen by some proxy together with it (exportTo, Sidecar imports), so
 * that a proxy gets both definitions of the host.
 */
export function serviceEntriesSharingHost(ws: Lookup, se: Resource, fqdn: string): Resource[] {
  return ws
    .serviceEntriesForHost(fqdn)
    .filter(
      (o) =>
        o !== se &&
        o.key !== se.key &&
        o.view?.type === 'ServiceEntry' &&
        ws.sameApplyUnit(se.uri, o.uri) &&
        o.view.se.hosts.some((x) => toFQDN(x.value, o.namespace) === fqdn) &&
        seenTogether(ws, se, o, fqdn),
    );
}
