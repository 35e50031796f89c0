/**
 * The destinations of a matched route with their effective shares, as `query/weights.ts` defines
 * them (VirtualService destinations, Gateway API backendRefs), and a Service reached without any
 * route by default routing.
 */

import type { RouteRule } from '../gatewayapi';
import { serviceFQDN, toFQDN } from '../hosts';
import type { Resource, Route } from '../model';
import { backendSplit, destinationSplit, FULL_SPLIT } from '../query/weights';
import type { Json } from './match';
import type { SimDestination } from './report';

/** A VirtualService route's destinations (`entry` is the route as plain data, for ports the view does not read). */
export function vsDestinations(vs: Resource, route: Route, entry: Json): SimDestination[] {
  const shares = destinationSplit(route).targets;
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

/** A Gateway API rule's backends, and whether the rule sends nothing (every weight 0, or no backend). */
export function backendDestinations(rule: RouteRule): { destinations: SimDestination[]; sendsNothing: boolean } {
  const split = backendSplit(rule);
  const destinations = rule.backendRefs.map((b, i): SimDestination => {
    const name = b.name?.value ?? '';
    const isSvc = (b.group === '' || b.group === 'core') && b.kind === 'Service';
    return {
      host: name,
      fqdn: isSvc && name ? serviceFQDN(name, b.namespace) : name,
      port: b.port,
      weight: split.targets[i].weight,
      percent: split.targets[i].percent,
    };
  });
  return { destinations, sendsNothing: split.sendsNothing };
}

/** A Service the request reaches by default routing (no route takes the host): all of it. */
export function serviceDestination(name: string, namespace: string): SimDestination {
  return { host: name, fqdn: serviceFQDN(name, namespace), weight: FULL_SPLIT, percent: '100%' };
}
