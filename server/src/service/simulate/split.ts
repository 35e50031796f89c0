/**
 * The destinations of a matched route with their effective shares: the one place route
 * simulation reads weights (VirtualService destinations through `routeShares`, Gateway API
 * backendRefs by their weights, a Service reached without any route by default routing).
 */

import { routeShares } from '../features/split';
import type { BackendRef } from '../gatewayapi';
import { serviceFQDN, toFQDN } from '../hosts';
import type { Resource, Route } from '../model';
import { percent } from '../text';
import type { Json } from './match';
import type { SimDestination } from './report';

/** A VirtualService route's destinations (`entry` is the route as plain data, for ports the view does not read). */
export function vsDestinations(vs: Resource, route: Route, entry: Json): SimDestination[] {
  const shares = routeShares(route);
  const list = Array.isArray(entry.route) ? (entry.route as Json[]) : [];
  return route.destinations.map((d, i) => {
    const host = d.host?.value ?? '';
    const portVal = (list[i]?.destination as Json | undefined)?.port as Json | undefined;
    return {
      host,
      fqdn: host ? toFQDN(host, vs.namespace) : '',
      subset: d.subset?.value,
      port: d.port?.number ?? (typeof portVal?.number === 'number' ? portVal.number : undefined),
      weight: shares[i]?.weight ?? 0,
      percent: shares[i]?.percent ?? '0%',
    };
  });
}

/** A Gateway API rule's backends, and the total of their weights (0: nothing gets traffic). */
export function backendDestinations(refs: BackendRef[]): { destinations: SimDestination[]; total: number } {
  const total = refs.reduce((s, b) => s + Math.max(0, b.weight), 0);
  const destinations = refs.map((b): SimDestination => {
    const name = b.name?.value ?? '';
    const isSvc = (b.group === '' || b.group === 'core') && b.kind === 'Service';
    return {
      host: name,
      fqdn: isSvc && name ? serviceFQDN(name, b.namespace) : name,
      port: b.port,
      weight: b.weight,
      percent: percent(Math.max(0, b.weight), total),
    };
  });
  return { destinations, total };
}

/** A Service the request reaches by default routing (no route takes the host): all of it. */
export function serviceDestination(name: string, namespace: string): SimDestination {
  return { host: name, fqdn: serviceFQDN(name, namespace), weight: 100, percent: '100%' };
}
