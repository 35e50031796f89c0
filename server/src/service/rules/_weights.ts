/** Shared by the weight rules: the destinations of every route of a VirtualService and their weights. */
import { displayName, span, type Resource, type Route } from '../model';
import { destinationLabel } from '../links';
import { percent } from '../text';

export interface WeightedRoute {
  route: Route;
  weights: (number | undefined)[];
  total: number;
  /** False when a weight is present but not a number (the schema rules report that). */
  numeric: boolean;
}

export function weightedRoutes(res: Resource): WeightedRoute[] {
  if (res.view?.type !== 'VirtualService') return [];
  const v = res.view.vs;
  const out: WeightedRoute[] = [];
  for (const route of [...v.http, ...v.tcp, ...v.tls]) {
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

export function routeData(res: Resource, wr: WeightedRoute): Record<string, unknown> {
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
