/** Gateway API semantics: which HTTPRoutes and GRPCRoutes attach to the request's gateway listener or Service, what their matches ask, and which rule wins by Gateway API precedence. */
import { GATEWAY_API_GROUP, gatewayHostMatches, isK8sGateway, k8sGatewayView, type RouteMatch, type RouteRule, type RouteView, routeView } from '../gatewayapi';
import { hostMatches, serviceFQDN, toFQDN } from '../hosts';
import { displayName, type Resource } from '../model';
import { routeLabel } from '../query/routes';
import type { Workspace } from '../workspace';
import { type Json, q, regexMiss, valueMatch } from './match';
import { type Candidate, matchedResult, matchedRoute, plain, type SimResult } from './report';
import { ctxLabel, meshHostNames, type Req } from './request';
import { backendDestinations } from './split';

/** Gateway API path match: PathPrefix matches whole path elements (`/foo` matches `/foo/bar`, not `/foobar`). */
function pathMatches(p: RouteMatch['path'], path: string): string | undefined {
  if (p.type === 'Exact') return path === p.value ? undefined : `path ${q(path)} is not exactly ${q(p.value)}`;
  if (p.type === 'RegularExpression') return regexMiss('path', p.value, path);
  if (p.type !== 'PathPrefix') return `path type ${p.type} is not Exact, PathPrefix or RegularExpression: the API server rejects it`;
  const prefix = p.value === '/' ? '/' : p.value.replace(/\/+$/, '');
  if (prefix === '/' || path === prefix || path.startsWith(`${prefix}/`)) return undefined;
  return `path ${q(path)} is not under prefix ${q(p.value)}`;
}

/** GRPCRoute method match against the request path `/package.Service/Method`. */
function grpcMatches(g: NonNullable<RouteMatch['grpc']>, path: string): string | undefined {
  if (!g.service && !g.method) return undefined;
  const pm = /^\/([^/]+)\/([^/]+)$/.exec(path);
  if (!pm) return `path ${q(path)} is not a gRPC method path (/package.Service/Method)`;
  const [, service, method] = pm;
  const test = (want: string | undefined, got: string, what: string) => {
    if (want === undefined) return undefined;
    if (g.type === 'RegularExpression') return regexMiss(`gRPC ${what}`, want, got);
    return want === got ? undefined : `gRPC ${what} ${q(got)} is not ${q(want)}`;
  };
  return test(g.service, service, 'service') ?? test(g.method, method, 'method');
}

function httpRouteMatch(m: RouteMatch, req: Req): string | undefined {
  if (m.grpc) {
    const g = grpcMatches(m.grpc, req.path);
    if (g) return g;
  }
  const r = pathMatches(m.path, req.path);
  if (r) return r;
  if (m.method && m.method.toUpperCase() !== req.method) return `method ${req.method} is not ${m.method}`;
  for (const h of m.headers) {
    const r = valueMatch(`header ${h.name}`, h, req.headers[h.name.toLowerCase()]);
    if (r) return r;
  }
  for (const qp of m.queryParams) {
    const r = valueMatch(`query parameter ${qp.name}`, qp, req.query.get(qp.name));
    if (r) return r;
  }
  return undefined;
}

interface HttpCandidate {
  res: Resource;
  view: RouteView;
  rule: RouteRule;
  match: RouteMatch;
  hostLen: number;
  exactHost: number;
}

const PATH_RANK: Record<string, number> = { Exact: 3, PathPrefix: 2, RegularExpression: 1 };

/** Gateway API precedence (hostname, path type and length, method, headers, query params, age, name, rule order). */
function specificity(a: HttpCandidate, b: HttpCandidate): number {
  if (a.exactHost !== b.exactHost) return b.exactHost - a.exactHost;
  if (a.hostLen !== b.hostLen) return b.hostLen - a.hostLen;
  if (a.match.grpc || b.match.grpc) {
    // GRPCRoute: the most characters in a matching service, then method, then the most header matches.
    const sa = a.match.grpc?.service?.length ?? 0;
    const sb = b.match.grpc?.service?.length ?? 0;
    if (sa !== sb) return sb - sa;
    const ma = a.match.grpc?.method?.length ?? 0;
    const mb = b.match.grpc?.method?.length ?? 0;
    if (ma !== mb) return mb - ma;
    return b.match.headers.length - a.match.headers.length;
  }
  const ra = PATH_RANK[a.match.path.type] ?? 0;
  const rb = PATH_RANK[b.match.path.type] ?? 0;
  if (ra !== rb) return rb - ra;
  if (a.match.path.value.length !== b.match.path.value.length) return b.match.path.value.length - a.match.path.value.length;
  if (!!a.match.method !== !!b.match.method) return a.match.method ? -1 : 1;
  if (a.match.headers.length !== b.match.headers.length) return b.match.headers.length - a.match.headers.length;
  if (a.match.queryParams.length !== b.match.queryParams.length) return b.match.queryParams.length - a.match.queryParams.length;
  return 0;
}

function precedence(a: HttpCandidate, b: HttpCandidate): number {
  const s = specificity(a, b);
  if (s) return s;
  const ta = a.view.creationTimestamp ?? '';
  const tb = b.view.creationTimestamp ?? '';
  if (ta !== tb) return ta && tb ? (ta < tb ? -1 : 1) : ta ? -1 : 1;
  const ka = `${a.res.namespace}/${a.res.name ?? ''}`;
  const kb = `${b.res.namespace}/${b.res.name ?? ''}`;
  if (ka !== kb) return ka < kb ? -1 : 1;
  if (a.rule.index !== b.rule.index) return a.rule.index - b.rule.index;
  return a.match.index - b.match.index;
}

function serviceEntryHosts(se: Resource): string[] {
  return se.view?.type === 'ServiceEntry' ? se.view.se.hosts.map((h) => toFQDN(h.value, se.namespace).toLowerCase()) : [];
}

/** Does the route attach to the request's parent (gateway listener, or the Service the request is for), and which hostname matches? */
function attachment(
  ws: Workspace,
  res: Resource,
  view: RouteView,
  req: Req,
): { ok: true; hostLen: number; exactHost: number } | { ok: false; reason?: string } {
  let lastReason: string | undefined;
  for (const p of view.parentRefs) {
    if (!p.name) continue;
    if (p.group === GATEWAY_API_GROUP && p.kind === 'Gateway') {
      if (!req.gateway && !req.anyGateway) continue;
      if (req.gateway && (p.name.value !== req.gateway.name || p.namespace !== req.gateway.namespace)) continue;
      // The listener (when the Gateway is known) must take the host and port.
      const gw = ws.byKey('Gateway', p.namespace, p.name.value).find(isK8sGateway);
      const gv = req.gateway && gw && k8sGatewayView(gw);
      if (gv) {
        const listeners = gv.listeners.filter(
          (l) =>
            (!p.sectionName || l.name === p.sectionName.value) &&
            (p.port === undefined || l.port === p.port) &&
            (req.port === undefined || l.port === req.port) &&
            (!l.hostname || gatewayHostMatches(l.hostname.value, req.hostname)) &&
            (l.allowedNamespaces === 'All' || l.allowedNamespaces === 'Selector' || gw!.namespace === res.namespace),
        );
        if (!listeners.length) {
          lastReason = `no listener of ${displayName(gw!)}${p.sectionName ? ` named ${p.sectionName.value}` : ''} takes host ${req.hostname}${req.port !== undefined ? ` on port ${req.port}` : ''} from namespace ${res.namespace}`;
          continue;
        }
      }
      if (!view.hostnames.length) return { ok: true, hostLen: 0, exactHost: 0 };
      let best: { hostLen: number; exactHost: number } | undefined;
      for (const h of view.hostnames) {
        if (!gatewayHostMatches(h.value, req.hostname)) continue;
        const cand = { hostLen: h.value.length, exactHost: h.value.startsWith('*') ? 0 : h.value.length };
        if (!best || cand.exactHost > best.exactHost || (cand.exactHost === best.exactHost && cand.hostLen > best.hostLen)) best = cand;
      }
      if (best) return { ok: true, ...best };
      lastReason = `hostnames ${view.hostnames.map((h) => h.value).join(', ')} do not include ${req.hostname}`;
    } else if (!req.gateway) {
      const names = meshHostNames(req);
      if (p.port !== undefined && req.port !== undefined && p.port !== req.port) continue;
      if ((p.group === '' || p.group === 'core') && p.kind === 'Service') {
        if (names.includes(serviceFQDN(p.name.value, p.namespace))) return { ok: true, hostLen: 0, exactHost: 0 };
      } else if (p.group === 'networking.istio.io' && p.kind === 'ServiceEntry') {
        const se = ws.byKey('ServiceEntry', p.namespace, p.name.value)[0];
        if (se && serviceEntryHosts(se).some((h) => names.some((n) => hostMatches(h, n)))) return { ok: true, hostLen: 0, exactHost: 0 };
      }
    }
  }
  return { ok: false, reason: lastReason };
}

export function simulateHttpRoutes(ws: Workspace, req: Req, base: SimResult): SimResult | undefined {
  const cands: HttpCandidate[] = [];
  const attached: { res: Resource; reasons: string[] }[] = [];
  const candidates: Candidate[] = [];
  for (const res of [...ws.ofKind('HTTPRoute'), ...ws.ofKind('GRPCRoute')]) {
    const view = routeView(res);
    if (!view) continue;
    const a = attachment(ws, res, view, req);
    if (!a.ok) {
      if (a.reason) candidates.push({ resource: res, reasons: [a.reason] });
      continue;
    }
    const reasons: string[] = [];
    for (const rule of view.rules) {
      for (const m of rule.matches) {
        const r = httpRouteMatch(m, req);
        if (r) reasons.push(`rules[${rule.index}]${rule.matches.length > 1 ? `.matches[${m.index}]` : ''}: ${r}`);
        else cands.push({ res, view, rule, match: m, hostLen: a.hostLen, exactHost: a.exactHost });
      }
    }
    attached.push({ res, reasons });
  }
  if (!attached.length && !candidates.length) return undefined;
  if (!cands.length) {
    for (const a of attached) candidates.push({ resource: a.res, reasons: a.reasons.length ? a.reasons : ['it has no rules'] });
    return {
      ...base,
      matched: false,
      destinations: [],
      candidates,
      reason: attached.length
        ? `no rule of the attached HTTPRoutes or GRPCRoutes matches the request (the gateway answers 404)`
        : `no HTTPRoute or GRPCRoute attaches to ${ctxLabel(req)} for host ${req.hostname}`,
    };
  }
  cands.sort(precedence);
  const win = cands[0];
  const notes = [...base.notes];
  const rival = cands.find((c) => c.res !== win.res && specificity(win, c) === 0);
  if (rival)
    notes.push(
      `${displayName(rival.res)} matches with the same precedence: ${win.view.creationTimestamp && rival.view.creationTimestamp ? 'the older route wins' : 'in a cluster the older route wins; without creation timestamps, namespace/name order decides here'}`,
    );
  const others = new Set(
    cands
      .slice(1)
      .map((c) => c.res)
      .filter((r) => r !== win.res),
  );
  for (const o of others)
    candidates.push({
      resource: o,
      reasons: [
        `it matches too, but ${displayName(win.res)} ${routeLabel(win.rule)} takes precedence (Gateway API order: hostname, path type and length, method, headers, query parameters, age, name)`,
      ],
    });
  for (const a of attached) if (a.res !== win.res && !others.has(a.res)) candidates.push({ resource: a.res, reasons: a.reasons });
  const ruleLabel = routeLabel(win.rule);
  const ref = matchedRoute(win.res, win.rule.node, ruleLabel, win.rule.index, win.rule.name, win.match.node ? win.match.index : -1);
  const entry = (plain(win.rule.node, win.res.doc.doc) ?? {}) as Json;
  if (win.rule.redirect) return matchedResult(base, { route: ref, action: 'redirect', entry, candidates, notes });
  const refs = win.rule.backendRefs;
  const { destinations, sendsNothing } = backendDestinations(win.rule);
  // As Istio translates the rule: HTTPRouteDestinations with fully qualified hosts (for test-case `route` assertions).
  entry.route = destinations.map((d) => ({
    destination: { host: d.fqdn, ...(d.port !== undefined ? { port: { number: d.port } } : {}) },
    ...(refs.length > 1 ? { weight: d.weight } : {}),
  }));
  if (sendsNothing) {
    notes.push(!refs.length ? 'the rule has no backendRefs: the gateway answers HTTP 500' : 'every backendRef has weight 0: the gateway answers HTTP 500');
    return matchedResult(base, { route: ref, action: 'no-backend', destinations, entry, candidates, notes });
  }
  return matchedResult(base, { route: ref, action: 'route', destinations, entry, candidates, notes });
}
