/** Typed walks over the routes of a VirtualService, shared by rules and fixes. */
import type { RouteRule } from '../gatewayapi';
import type { Resource, Route, RouteDestination } from '../model';

export type RouteProtocol = Route['protocol'];

/** Every route of a VirtualService: http, then tcp, then tls (each with its protocol and index); none for other kinds. */
export function vsRoutes(res: Resource): Route[] {
  if (res.view?.type !== 'VirtualService') return [];
  const v = res.view.vs;
  return [...v.http, ...v.tcp, ...v.tls];
}

/** The route of a VirtualService with this protocol and index (as findings record them). */
export function routeOf(res: Resource, protocol: RouteProtocol | undefined, index: number | undefined): Route | undefined {
  if (res.view?.type !== 'VirtualService') return undefined;
  return res.view.vs[protocol ?? 'http'].find((r) => r.index === index);
}

/** Every route destination of a VirtualService, with its route. */
export function vsDestinations(res: Resource): { route: Route; dest: RouteDestination }[] {
  return vsRoutes(res).flatMap((route) => route.destinations.map((dest) => ({ route, dest })));
}

/** The data that locates a route in its VirtualService (findings about a route carry it). */
export interface RouteRef {
  resource: string;
  protocol: RouteProtocol;
  routeIndex: number;
}

/**
 * How every surface names a route: `http[0]`, `tcp[1]`, `rules[2]` (its place in the resource),
 * followed by its quoted name when it has one: `http[0] "canary"`, `rules[1] "api"`. Rule
 * messages, document symbols, the traffic split report and the route simulation all use it.
 */
export function routeLabel(route: Route | RouteRule): string {
  const place = 'protocol' in route ? `${route.protocol}[${route.index}]` : `rules[${route.index}]`;
  return route.name ? `${place} "${route.name}"` : place;
}
