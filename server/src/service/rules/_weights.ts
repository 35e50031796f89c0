/** Shared by the weight rules: the destinations of every route of a VirtualService and their weights. */

import { destinationLabel } from '../links';
import { displayName, type Resource, type Route, span } from '../model';
import { type RouteRef, routeOf, vsRoutes } from '../query/routes';
import { destinationSplit, type RouteSplit, weightOwner } from '../query/weights';
import type { FixContext, RuleFix } from '../rule';
import type { Finding } from '../types';

export interface WeightedRoute {
  route: Route;
  /** The route's effective split (query/weights.ts). */
  split: RouteSplit;
  /** The weights as written (undefined when missing or not a number). */
  weights: (number | undefined)[];
  /** The sum of the weights as written. */
  total: number;
  /** False when a weight is present but not a number (the schema rules report that). */
  numeric: boolean;
}

/** Every route of a VirtualService that has destinations, with its split. */
export function weightedRoutes(res: Resource): WeightedRoute[] {
  return vsRoutes(res)
    .filter((route) => route.destinations.length > 0)
    .map((route) => {
      const split = destinationSplit(route);
      return { route, split, weights: split.targets.map((t) => t.written), total: split.writtenTotal, numeric: split.numeric };
    });
}

/** The span of a route's `route:` key, where route-level weight findings point. */
export function routeKeySpan(res: Resource, route: Route): [number, number] {
  const pair = route.node.items.find((p) => (p.key as { value?: unknown } | null)?.value === 'route');
  return span(res, (pair?.key as never) ?? route.node);
}

/** What every weight finding carries: the route, its weights and destinations. */
export interface RouteWeightsData extends RouteRef {
  name: string | undefined;
  namespace: string;
  weights: (number | undefined)[];
  total: number;
  destinations: string[];
  display: string;
  /** The destination the finding is about, if one. */
  destinationIndex?: number;
}

export function routeData(res: Resource, wr: WeightedRoute): RouteWeightsData {
  return {
    resource: res.key,
    name: res.name,
    namespace: res.namespace,
    protocol: wr.route.protocol,
    routeIndex: wr.route.index,
    weights: wr.weights,
    total: wr.total,
    destinations: wr.route.destinations.map(destinationLabel),
    display: displayName(res),
  };
}

/**
 * The fixes of a weight finding: none when the route is gone; a disabled action naming the owner
 * when a controller (Argo Rollouts, Flagger) or an annotation owns the weights; else `make`'s,
 * given the route and its effective split.
 */
export function weightFixes<D extends RouteWeightsData>(
  f: Finding<D>,
  ctx: FixContext<D>,
  make: (res: Resource, route: Route, split: RouteSplit) => RuleFix[],
): RuleFix[] {
  const res = ctx.resource(f.data?.resource);
  if (!res || !f.data) return [];
  const owner = weightOwner(ctx.ws, res);
  if (owner)
    return [
      {
        title: `Weights are managed by ${owner.owner}`,
        kind: 'suggestion',
        preferred: false,
        edits: new Map(),
        disabled: `The weights are managed by ${owner.owner}; change them there.`,
      },
    ];
  const route = routeOf(res, f.data.protocol, f.data.routeIndex);
  if (!route) return [];
  return make(res, route, destinationSplit(route));
}
