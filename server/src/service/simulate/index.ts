/**
 * Route simulation: where does a request go? Evaluates the VirtualServices (and Gateway
 * API HTTPRoutes) of a workspace for one HTTP request, as Istio's proxies would, and
 * returns the matching route entry with its destinations and effective shares, or the
 * reason each candidate did not match. Pure: no file system, no LSP.
 *
 * `request.ts` normalizes the request, `match.ts` matches values (RE2 through
 * `query/regex.ts`), `virtualservice.ts` and `gatewayapi.ts` hold each API's semantics,
 * `split.ts` the destinations' shares and `report.ts` the result's shape.
 */

import { isK8sGateway } from '../gatewayapi';
import { displayName } from '../model';
import type { Workspace } from '../workspace';
import { simulateHttpRoutes } from './gatewayapi';
import type { SimResult } from './report';
import { ctxLabel, meshHostNames, normalize, type SimRequest } from './request';
import { serviceDestination } from './split';
import { simulateVirtualServices } from './virtualservice';

export { fullMatch } from './match';
export type { Candidate, MatchedRoute, SimDestination, SimResult } from './report';
export type { SimRequest } from './request';
export { vsMatchBlock } from './virtualservice';

/** Where does `request` go in the workspace `ws`? */
export function simulate(ws: Workspace, request: SimRequest): SimResult {
  const req = normalize(request);
  const base: SimResult = {
    request: {
      host: req.host,
      path: request.path || '/',
      method: req.method,
      scheme: req.scheme,
      port: req.port,
      headers: req.headers,
      context: ctxLabel(req),
    },
    matched: false,
    destinations: [],
    candidates: [],
    notes: [],
  };
  const withAssumed = (r: SimResult) => {
    if (r.matched) for (const a of req.assumed) r.notes.push(a);
    return r;
  };
  const k8sGw = req.gateway ? ws.byKey('Gateway', req.gateway.namespace, req.gateway.name).some(isK8sGateway) : false;
  const vs = k8sGw ? undefined : simulateVirtualServices(ws, req, base);
  const hr = simulateHttpRoutes(ws, req, base);
  if (vs && hr) {
    const a = vs.matched ? vs : hr.matched ? hr : vs;
    withAssumed(a);
    a.notes.push(
      `both VirtualServices and HTTPRoutes take this host (${[...(vs.route ? [displayName(vs.route.resource)] : []), ...(hr.route ? [displayName(hr.route.resource)] : [])].join(', ') || 'none matched'}); Istio does not define which wins, keep one kind per host`,
    );
    return a;
  }
  if (vs) return withAssumed(vs);
  if (hr) return withAssumed(hr);
  const where = req.gateway ? `bound to gateway ${req.gateway.namespace}/${req.gateway.name}` : 'in the mesh';
  const direct = !req.gateway ? ws.servicesForHost(meshHostNames(req).at(-1) ?? req.hostname) : [];
  return {
    ...base,
    reason: req.gateway
      ? `no VirtualService or HTTPRoute ${where} takes host ${req.hostname} (the gateway answers 404)`
      : direct.length
        ? `no VirtualService or HTTPRoute takes host ${req.hostname}: the request goes straight to ${displayName(direct[0])} (default routing, all its endpoints)`
        : `no VirtualService or HTTPRoute ${where} takes host ${req.hostname}`,
    destinations: direct.length && direct[0].name ? [serviceDestination(direct[0].name, direct[0].namespace)] : [],
  };
}
