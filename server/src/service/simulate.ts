/**
 * Route simulation: where does a request go? Evaluates the VirtualServices (and Gateway
 * API HTTPRoutes) of a workspace for one HTTP request, as Istio's proxies would, and
 * returns the matching route entry with its destinations and effective shares, or the
 * reason each candidate did not match. Pure: no file system, no LSP.
 */

import { RE2JS } from 're2js';
import type { Document, Node } from 'yaml';
import type { WhereRequest } from '../protocol';
import { routeShares } from './features/split';
import { GATEWAY_API_GROUP, gatewayHostMatches, isK8sGateway, k8sGatewayView, type RouteMatch, type RouteRule, type RouteView, routeView } from './gatewayapi';
import { CLUSTER_DOMAIN, hostMatches, isWildcard, serviceFQDN, toFQDN } from './hosts';
import { displayName, parseGatewayRef, type Resource, type Route, span } from './model';
import { percent } from './text';
import type { Workspace } from './workspace';

/** One request to simulate: the wire shape of the `where does this request go` request, declared once in the protocol module. */
export type SimRequest = WhereRequest;

export interface SimDestination {
  host: string;
  /** Host resolved to a fully qualified name. */
  fqdn: string;
  subset?: string;
  port?: number;
  weight: number;
  percent: string;
}

export interface RouteRef {
  resource: Resource;
  kind: string;
  uri: string;
  start: number;
  end: number;
  /** `http[2]` or `rules[1]`. */
  label: string;
  index: number;
  name?: string;
  /** The match block that matched; -1 when the route has no match (takes everything). */
  matchIndex: number;
}

export interface Candidate {
  resource: Resource;
  /** Why this resource (or each of its routes) did not take the request. */
  reasons: string[];
}

export interface SimResult {
  request: Required<Pick<SimRequest, 'host' | 'path' | 'method' | 'scheme'>> & { port?: number; headers: Record<string, string>; context: string };
  matched: boolean;
  route?: RouteRef;
  /** The root VirtualService route that delegated to `route`. */
  via?: RouteRef;
  action?: 'route' | 'redirect' | 'directResponse' | 'delegate' | 'no-backend';
  destinations: SimDestination[];
  /** The matched route entry as plain data (with the root's `delegate` when reached through one). */
  entry?: Record<string, unknown>;
  /** Resources that were considered, with why they did not match. */
  candidates: Candidate[];
  /** Caveats: merged VirtualServices, ambiguous precedence, approximations. */
  notes: string[];
  /** One line: why nothing matched. */
  reason?: string;
}

type StringMatch = Record<string, unknown> | null | undefined;
type Json = Record<string, unknown>;

const regexCache = new Map<string, RE2JS | Error>();

function compile(pattern: string, ignoreCase = false): RE2JS {
  const key = (ignoreCase ? 'i:' : ':') + pattern;
  let re = regexCache.get(key);
  if (!re) {
    try {
      re = RE2JS.compile(pattern, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
    } catch (e) {
      re = e as Error;
    }
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(key, re);
  }
  if (re instanceof Error) throw new Error(`regex \`${pattern}\` is not valid RE2`);
  return re;
}

/** RE2 full match, as Envoy's safe_regex does. */
export function fullMatch(pattern: string, value: string, ignoreCase = false): boolean {
  return compile(pattern, ignoreCase).matches(value);
}

function q(s: string): string {
  return JSON.stringify(s);
}

/** An Istio StringMatch against a value: undefined when it matches, else why not. */
function stringMatch(what: string, sm: StringMatch, value: string | undefined, ignoreCase = false): string | undefined {
  if (sm !== undefined && sm !== null && (typeof sm !== 'object' || Array.isArray(sm)))
    return `${what} condition ${JSON.stringify(sm)} is not a StringMatch (exact, prefix or regex): Istio rejects it, so it never matches`;
  if (value === undefined) return `${what} is absent`;
  if (!sm) return undefined;
  const v = ignoreCase ? value.toLowerCase() : value;
  if (typeof sm.exact === 'string') {
    const e = ignoreCase ? sm.exact.toLowerCase() : sm.exact;
    return v === e ? undefined : `${what} ${q(value)} is not exactly ${q(sm.exact)}`;
  }
  if (typeof sm.prefix === 'string') {
    const p = ignoreCase ? sm.prefix.toLowerCase() : sm.prefix;
    return v.startsWith(p) ? undefined : `${what} ${q(value)} does not start with ${q(sm.prefix)}`;
  }
  if (typeof sm.regex === 'string') {
    try {
      return fullMatch(sm.regex, value) ? undefined : `${what} ${q(value)} does not match regex ${q(sm.regex)} (RE2, whole value)`;
    } catch (e) {
      return `${what}: ${(e as Error).message}, so the match never applies`;
    }
  }
  return undefined;
}

function isEmptyMatch(sm: StringMatch): boolean {
  return !sm || typeof sm !== 'object' || (typeof sm.exact !== 'string' && typeof sm.prefix !== 'string' && typeof sm.regex !== 'string');
}

interface Req {
  host: string;
  /** Host without port, lower case. */
  hostname: string;
  port?: number;
  path: string;
  query: Map<string, string>;
  method: string;
  scheme: string;
  headers: Record<string, string>;
  gateway?: { namespace: string; name: string };
  sourceLabels?: Record<string, string>;
  sourceNamespace?: string;
  namespace: string;
  anyGateway: boolean;
  /** Conditions taken as met for want of request data (reported as notes). */
  assumed: Set<string>;
}

function normalize(r: SimRequest): Req {
  let host = r.host.trim();
  let port = r.port;
  const m = /^(.*?):(\d+)$/.exec(host);
  if (m && !host.startsWith('[')) {
    host = m[1];
    if (port === undefined) port = Number(m[2]);
  }
  const rawPath = r.path || '/';
  const qi = rawPath.indexOf('?');
  const path = qi === -1 ? rawPath : rawPath.slice(0, qi);
  const query = new Map<string, string>();
  if (qi !== -1)
    for (const part of rawPath.slice(qi + 1).split('&')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      const k = decodeURIComponentSafe(eq === -1 ? part : part.slice(0, eq));
      if (!query.has(k)) query.set(k, decodeURIComponentSafe(eq === -1 ? '' : part.slice(eq + 1)));
    }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = v;
  let gateway: Req['gateway'];
  if (r.gateway && r.gateway !== 'mesh') {
    const g = parseGatewayRef(r.gateway, r.sourceNamespace ?? 'default');
    gateway = { namespace: g.namespace, name: g.name };
  }
  return {
    host: r.host.trim(),
    hostname: host.toLowerCase().replace(/\.$/, ''),
    port,
    path: path || '/',
    query,
    method: (r.method || 'GET').toUpperCase(),
    scheme: r.scheme || 'http',
    headers,
    gateway,
    sourceLabels: r.sourceLabels,
    sourceNamespace: r.sourceNamespace,
    namespace: r.sourceNamespace || 'default',
    anyGateway: !!r.anyGateway && !gateway,
    assumed: new Set(),
  };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** Names a sidecar answers for the request host (short names resolve in the caller's namespace). */
function meshHostNames(req: Req): string[] {
  const h = req.hostname;
  const out = [h];
  const labels = h.split('.');
  if (!h.includes('.') && !isWildcard(h)) out.push(toFQDN(h, req.namespace));
  else if (labels.length === 2) out.push(`${h}.${CLUSTER_DOMAIN}`);
  else if (labels.length === 3 && labels[2] === 'svc') out.push(`${h}.cluster.local`);
  return out;
}

/** How specific a host pattern is: exact names beat wildcards, longer wildcards beat shorter ones. */
function hostRank(pattern: string): number {
  return isWildcard(pattern) ? pattern.length : 10000 + pattern.length;
}

function toJS(node: Node | undefined, doc: Document): unknown {
  if (!node) return undefined;
  try {
    return (node as unknown as { toJS(d: Document): unknown }).toJS(doc);
  } catch {
    return undefined;
  }
}

function ctxLabel(req: Req): string {
  if (req.anyGateway) return 'any gateway or the mesh';
  return req.gateway ? `gateway ${req.gateway.namespace}/${req.gateway.name}` : `mesh (sidecar, caller namespace ${req.namespace})`;
}

function vsAppliesToContext(vs: Resource, req: Req): boolean {
  if (vs.view?.type !== 'VirtualService') return false;
  const v = vs.view.vs;
  if (req.anyGateway) return true;
  if (!req.gateway) return v.mesh;
  return v.gateways.some((g) => !g.mesh && g.namespace === req.gateway!.namespace && g.name === req.gateway!.name);
}

// ---------------------------------------------------------------- VirtualService

/** One VirtualService match block against the request: undefined when every condition holds, else the first that fails. */
export function vsMatchBlock(m: Json, req: Req): string | undefined {
  if (!m || typeof m !== 'object') return undefined;
  const assumed: string[] = [];
  const ignoreCase = m.ignoreUriCase === true;
  if (m.uri !== undefined) {
    const r = stringMatch('path', m.uri as StringMatch, req.path, ignoreCase);
    if (r) return r;
  }
  if (m.scheme !== undefined) {
    const r = stringMatch('scheme', m.scheme as StringMatch, req.scheme);
    if (r) return r;
  }
  if (m.method !== undefined) {
    const r = stringMatch('method', m.method as StringMatch, req.method);
    if (r) return r;
  }
  if (m.authority !== undefined) {
    const r = stringMatch('authority', m.authority as StringMatch, req.host);
    if (r) return r;
  }
  if (m.port !== undefined && m.port !== null) {
    if (req.port === undefined) {
      // No port given: the condition is taken as met, and said so.
      assumed.push(`a match requires port ${m.port}; the request gives no port (--port), so it is assumed to be ${m.port}`);
    } else if (Number(m.port) !== req.port) return `port ${req.port} is not ${m.port}`;
  }
  if (m.headers && typeof m.headers === 'object') {
    for (const [k, sm] of Object.entries(m.headers as Json)) {
      const r = stringMatch(`header ${k}`, sm as StringMatch, req.headers[k.toLowerCase()]);
      if (r) return r;
    }
  }
  if (m.withoutHeaders && typeof m.withoutHeaders === 'object') {
    for (const [k, sm] of Object.entries(m.withoutHeaders as Json)) {
      const value = req.headers[k.toLowerCase()];
      if (value === undefined) continue;
      if (isEmptyMatch(sm as StringMatch)) return `header ${k} is present (withoutHeaders)`;
      if (!stringMatch(`header ${k}`, sm as StringMatch, value)) return `header ${k} ${q(value)} matches withoutHeaders`;
    }
  }
  if (m.queryParams && typeof m.queryParams === 'object') {
    for (const [k, sm] of Object.entries(m.queryParams as Json)) {
      const r = stringMatch(`query parameter ${k}`, sm as StringMatch, req.query.get(k));
      if (r) return r;
    }
  }
  if (Array.isArray(m.gateways) && m.gateways.length && !req.anyGateway) {
    const ok = m.gateways.some((g) => {
      if (typeof g !== 'string') return false;
      if (g === 'mesh') return !req.gateway;
      const ref = parseGatewayRef(g, req.namespace);
      return !!req.gateway && ref.name === req.gateway.name && (ref.namespace === req.gateway.namespace || !g.includes('/'));
    });
    if (!ok) return `the match applies only to gateways ${m.gateways.join(', ')}, not to ${ctxLabel(req)}`;
  }
  if (m.sourceLabels && typeof m.sourceLabels === 'object') {
    if (req.gateway) return 'sourceLabels matches apply only in the mesh (sidecars), not at a gateway';
    if (!req.sourceLabels) return `sourceLabels ${JSON.stringify(m.sourceLabels)} need the caller's labels (--source-label)`;
    for (const [k, v] of Object.entries(m.sourceLabels as Json))
      if (req.sourceLabels[k] !== String(v))
        return `source label ${k} is ${req.sourceLabels[k] === undefined ? 'absent' : q(req.sourceLabels[k])}, not ${q(String(v))}`;
  }
  if (typeof m.sourceNamespace === 'string') {
    if (req.sourceNamespace === undefined) return `sourceNamespace ${m.sourceNamespace} needs the caller's namespace (--source-namespace)`;
    if (req.sourceNamespace !== m.sourceNamespace) return `source namespace ${req.sourceNamespace} is not ${m.sourceNamespace}`;
  }
  for (const a of assumed) req.assumed.add(a);
  return undefined;
}

function routeRef(res: Resource, node: Node, label: string, index: number, name: string | undefined, matchIndex: number): RouteRef {
  const [start, end] = span(res, node);
  return { resource: res, kind: res.kind, uri: res.uri, start, end, label, index, name, matchIndex };
}

function vsDestinations(vs: Resource, route: Route, entry: Json): SimDestination[] {
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

interface RouteOutcome {
  result?: SimResult;
  reasons: string[];
}

/** Evaluate the HTTP routes of one VirtualService in order (first match wins). */
function evalVsRoutes(ws: Workspace, vs: Resource, req: Req, base: SimResult, depth: number, via?: { ref: RouteRef; entry: Json }): RouteOutcome {
  const reasons: string[] = [];
  if (vs.view?.type !== 'VirtualService') return { reasons };
  const doc = vs.doc.doc;
  for (const route of vs.view.vs.http) {
    const entry = (toJS(route.node, doc) ?? {}) as Json;
    const label = `http[${route.index}]${route.name ? ` "${route.name}"` : ''}`;
    const matches = Array.isArray(entry.match) ? (entry.match as Json[]) : [];
    let matchIndex = -2;
    const why: string[] = [];
    if (!matches.length) matchIndex = -1;
    else
      for (let i = 0; i < matches.length; i++) {
        const r = vsMatchBlock(matches[i], req);
        if (!r) {
          matchIndex = i;
          break;
        }
        why.push(matches.length > 1 ? `match[${i}]: ${r}` : r);
      }
    if (matchIndex === -2) {
      reasons.push(`${label}: ${why.join('; ')}`);
      continue;
    }
    const ref = routeRef(vs, route.node, label, route.index, route.name, matchIndex);
    if (route.hasDelegate && depth === 0) {
      const d = (entry.delegate ?? {}) as Json;
      const name = typeof d.name === 'string' ? d.name : '';
      const ns = typeof d.namespace === 'string' && d.namespace ? d.namespace : vs.namespace;
      const child = ws.byKey('VirtualService', ns, name).find((r) => r.view?.type === 'VirtualService');
      if (!child) {
        return {
          reasons,
          result: {
            ...base,
            matched: true,
            route: ref,
            action: 'delegate',
            destinations: [],
            entry,
            notes: [...base.notes, `delegate VirtualService ${ns}/${name} is not in the given files`],
          },
        };
      }
      const inner = evalVsRoutes(ws, child, req, base, depth + 1, { ref, entry });
      if (inner.result) return { reasons, result: inner.result };
      reasons.push(
        `${label}: delegates to VirtualService ${ns}/${name}, where no route matches (${inner.reasons.join('; ') || 'it has no HTTP routes'}); Istio goes on with the next route`,
      );
      continue;
    }
    const merged: Json = via ? { ...entry, delegate: via.entry.delegate } : entry;
    const action: SimResult['action'] = route.hasRedirect ? 'redirect' : route.hasDirectResponse ? 'directResponse' : 'route';
    return {
      reasons,
      result: {
        ...base,
        matched: true,
        route: ref,
        via: via?.ref,
        action,
        destinations: action === 'route' ? vsDestinations(vs, route, entry) : [],
        entry: merged,
      },
    };
  }
  return { reasons };
}

/** The Istio Gateway servers (when the Gateway is in the workspace) must serve the host and port. */
function istioGatewayServes(ws: Workspace, req: Req): { gateway?: Resource; reason?: string } {
  if (!req.gateway) return {};
  const gws = ws.gateways(req.gateway.namespace, req.gateway.name).filter((g) => g.view?.type === 'Gateway');
  if (!gws.length) return {};
  const gw = gws[0];
  if (gw.view?.type !== 'Gateway') return {};
  const servers = gw.view.gw.servers.filter((s) => req.port === undefined || s.port?.number === undefined || s.port.number === req.port);
  if (!servers.length) return { gateway: gw, reason: `${displayName(gw)} has no server on port ${req.port}` };
  const serves = servers.some((s) =>
    s.hosts.some((h) => {
      const host = h.value.includes('/') ? h.value.slice(h.value.indexOf('/') + 1) : h.value;
      return hostMatches(host.toLowerCase(), req.hostname);
    }),
  );
  if (!serves) return { gateway: gw, reason: `${displayName(gw)} does not serve host ${req.hostname}${req.port !== undefined ? ` on port ${req.port}` : ''}` };
  return { gateway: gw };
}

function simulateVirtualServices(ws: Workspace, req: Req, base: SimResult): SimResult | undefined {
  const names = req.gateway ? [req.hostname] : meshHostNames(req);
  const merge = !!req.gateway || req.anyGateway;
  let best = -1;
  const byRank = new Map<number, { vs: Resource; host: string }[]>();
  // Indexed candidates: VirtualServices naming one of the host's names exactly, and those with wildcard hosts.
  const pool = new Set<Resource>(ws.lookup('vs:*'));
  for (const n of names) for (const r of ws.lookup(`vs:${n}`)) pool.add(r);
  const ordered = ws.ofKind('VirtualService').filter((r) => pool.has(r));
  for (const vs of ordered) {
    if (vs.view?.type !== 'VirtualService' || !vs.view.vs.hosts.length) continue;
    if (!vsAppliesToContext(vs, req)) continue;
    let rank = -1;
    let which = '';
    for (const h of vs.view.vs.hosts) {
      const pattern = toFQDN(h.value, vs.namespace).toLowerCase();
      if (names.some((n) => hostMatches(pattern, n)) && hostRank(pattern) > rank) {
        rank = hostRank(pattern);
        which = pattern;
      }
    }
    if (rank < 0) continue;
    if (!byRank.has(rank)) byRank.set(rank, []);
    byRank.get(rank)!.push({ vs, host: which });
    best = Math.max(best, rank);
  }
  if (best < 0) return undefined;
  // Most specific host first; equal hosts: gateways merge the VirtualServices in order, sidecars take the first.
  const ranks = [...byRank.keys()].sort((a, b) => b - a);
  const top = byRank.get(ranks[0])!;
  const result: SimResult = { ...base, notes: [...base.notes], candidates: [] };
  const gwCheck = istioGatewayServes(ws, req);
  if (gwCheck.reason) {
    return {
      ...result,
      matched: false,
      destinations: [],
      reason: gwCheck.reason,
      candidates: top.map((t) => ({ resource: t.vs, reasons: [gwCheck.reason!] })),
    };
  }
  let chosen = top;
  if (top.length > 1) {
    const list = top.map((t) => displayName(t.vs)).join(', ');
    if (merge)
      result.notes.push(
        `${top.length} VirtualServices take host ${top[0].host} on this gateway (${list}): Istio merges their routes in creation order; file order stands in for it here`,
      );
    else {
      result.notes.push(
        `${top.length} VirtualServices take host ${top[0].host} in the mesh (${list}): sidecars use only one (the oldest); the first in file order is used here`,
      );
      chosen = [top[0]];
    }
  }
  for (const r of ranks.slice(1))
    for (const t of byRank.get(r)!)
      result.candidates.push({ resource: t.vs, reasons: [`host ${t.host} is less specific than ${top[0].host}, which takes the request`] });
  for (const t of chosen) {
    const out = evalVsRoutes(ws, t.vs, req, result, 0);
    if (out.result) {
      out.result.candidates = result.candidates;
      return out.result;
    }
    result.candidates.push({ resource: t.vs, reasons: out.reasons.length ? out.reasons : ['it has no HTTP routes'] });
  }
  const httpLess = chosen.every(
    (t) => t.vs.view?.type === 'VirtualService' && !t.vs.view.vs.http.length && (t.vs.view.vs.tcp.length || t.vs.view.vs.tls.length),
  );
  if (httpLess)
    return {
      ...result,
      matched: false,
      destinations: [],
      reason: `${chosen.map((t) => displayName(t.vs)).join(', ')} has only TCP/TLS routes; route simulation evaluates HTTP routes`,
    };
  return {
    ...result,
    matched: false,
    destinations: [],
    reason: `no HTTP route of ${chosen.map((t) => displayName(t.vs)).join(', ')} matches the request (Istio answers 404)`,
  };
}

// ---------------------------------------------------------------- Gateway API

/** Gateway API path match: PathPrefix matches whole path elements (`/foo` matches `/foo/bar`, not `/foobar`). */
function pathMatches(p: RouteMatch['path'], path: string): string | undefined {
  if (p.type === 'Exact') return path === p.value ? undefined : `path ${q(path)} is not exactly ${q(p.value)}`;
  if (p.type === 'RegularExpression') {
    try {
      return fullMatch(p.value, path) ? undefined : `path ${q(path)} does not match regex ${q(p.value)}`;
    } catch (e) {
      return `path: ${(e as Error).message}`;
    }
  }
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
    if (g.type === 'RegularExpression') {
      try {
        return fullMatch(want, got) ? undefined : `gRPC ${what} ${q(got)} does not match regex ${q(want)}`;
      } catch (e) {
        return `gRPC ${what}: ${(e as Error).message}`;
      }
    }
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
    const v = req.headers[h.name.toLowerCase()];
    if (v === undefined) return `header ${h.name} is absent`;
    if (h.type === 'RegularExpression') {
      try {
        if (!fullMatch(h.value, v)) return `header ${h.name} ${q(v)} does not match regex ${q(h.value)}`;
      } catch (e) {
        return `header ${h.name}: ${(e as Error).message}`;
      }
    } else if (v !== h.value) return `header ${h.name} ${q(v)} is not ${q(h.value)}`;
  }
  for (const qp of m.queryParams) {
    const v = req.query.get(qp.name);
    if (v === undefined) return `query parameter ${qp.name} is absent`;
    if (qp.type === 'RegularExpression') {
      try {
        if (!fullMatch(qp.value, v)) return `query parameter ${qp.name} ${q(v)} does not match regex ${q(qp.value)}`;
      } catch (e) {
        return `query parameter ${qp.name}: ${(e as Error).message}`;
      }
    } else if (v !== qp.value) return `query parameter ${qp.name} ${q(v)} is not ${q(qp.value)}`;
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

function simulateHttpRoutes(ws: Workspace, req: Req, base: SimResult): SimResult | undefined {
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
        `it matches too, but ${displayName(win.res)} rules[${win.rule.index}] takes precedence (Gateway API order: hostname, path type and length, method, headers, query parameters, age, name)`,
      ],
    });
  for (const a of attached) if (a.res !== win.res && !others.has(a.res)) candidates.push({ resource: a.res, reasons: a.reasons });
  const ruleLabel = `rules[${win.rule.index}]${win.rule.name ? ` "${win.rule.name}"` : ''}`;
  const ref = routeRef(win.res, win.rule.node, ruleLabel, win.rule.index, win.rule.name, win.match.node ? win.match.index : -1);
  const entry = (toJS(win.rule.node, win.res.doc.doc) ?? {}) as Json;
  if (win.rule.redirect) return { ...base, matched: true, route: ref, action: 'redirect', destinations: [], entry, candidates, notes };
  const refs = win.rule.backendRefs;
  const total = refs.reduce((s, b) => s + Math.max(0, b.weight), 0);
  const destinations: SimDestination[] = refs.map((b) => {
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
  // As Istio translates the rule: HTTPRouteDestinations with fully qualified hosts (for test-case `route` assertions).
  entry.route = destinations.map((d) => ({
    destination: { host: d.fqdn, ...(d.port !== undefined ? { port: { number: d.port } } : {}) },
    ...(refs.length > 1 ? { weight: d.weight } : {}),
  }));
  if (!refs.length || total === 0) {
    notes.push(!refs.length ? 'the rule has no backendRefs: the gateway answers HTTP 500' : 'every backendRef has weight 0: the gateway answers HTTP 500');
    return { ...base, matched: true, route: ref, action: 'no-backend', destinations, entry, candidates, notes };
  }
  return { ...base, matched: true, route: ref, action: 'route', destinations, entry, candidates, notes };
}

// ---------------------------------------------------------------- entry point

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
    destinations:
      direct.length && direct[0].name ? [{ host: direct[0].name, fqdn: serviceFQDN(direct[0].name, direct[0].namespace), weight: 100, percent: '100%' }] : [],
  };
}
