/** Shared by the weight rules: the destinations of every route of a VirtualService and their weights. */

import { destinationLabel } from '../links';
import { displayName, type Resource, type Route, span } from '../model';
import { weightOwner } from '../query/managed';
import { type RouteRef, routeOf, vsRoutes } from '../query/routes';
import type { FixContext, RuleFix } from '../rule';
import { percent } from '../text';
import type { Finding } from '../types';

export interface WeightedRoute {
  route: Route;
  weights: (number | undefined)[];
  total: number;
  /** False when a weight is present but not a number (the schema rules report that). */
  numeric: boolean;
}

export function weightedRoutes(res: Resource): WeightedRoute[] {
  const out: WeightedRoute[] = [];
  for (const route of vsRoutes(res)) {
    if (route.destinations.length === 0) continue;
    let numeric = true;
    const weights = route.destinations.map((d) => {
      if (!d.weight) return undefined;
      if (d.weight.value === undefined) numeric = false;
      return d.weight.value;
    });
    const total = weights.reduce<number>((a, w) => a + (w ?? 0), 0);
    out.push({ route, weights, total, numeric });
  }
  return out;
}

/** `v1 81.8%, v2 18.2%`: the effective split Istio applies (weights are relative since 1.15). */
export function effectiveSplit(wr: WeightedRoute): string {
  return wr.route.destinations
    .map((d, i) => `${destinationLabel(d)}${i === 0 ? ' gets' : ''} ${percent(Math.max(0, wr.weights[i] ?? 0), wr.total)}`)
    .join(', ');
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
 * given the route and its current weights (negative and missing ones as 0).
 */
export function weightFixes<D extends RouteWeightsData>(
  f: Finding<D>,
  ctx: FixContext<D>,
  make: (res: Resource, route: Route, weights: number[]) => RuleFix[],
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
  return make(
    res,
    route,
    route.destinations.map((d) => Math.max(0, d.weight?.value ?? 0)),
  );
}
