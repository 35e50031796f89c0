/** VirtualService semantics: which VirtualServices take the request's host, in which order their HTTP routes are tried, and what a match block asks of the request. */
import { hostMatches, isWildcard, toFQDN } from '../hosts';
import { displayName, parseGatewayRef, type Resource } from '../model';
import { routeLabel } from '../query/routes';
import type { Workspace } from '../workspace';
import { ANY_WILDCARD, virtualServiceKey } from '../workspace/keys';
import { isEmptyMatch, type Json, q, type StringMatch, stringMatch } from './match';
import { type MatchedRoute, matchedResult, matchedRoute, plain, type SimResult } from './report';
import { ctxLabel, meshHostNames, type Req } from './request';
import { vsDestinations } from './split';

/** How specific a host pattern is: exact names beat wildcards, longer wildcards beat shorter ones. */
function hostRank(pattern: string): number {
  return isWildcard(pattern) ? pattern.length : 10000 + pattern.length;
}

function vsAppliesToContext(vs: Resource, req: Req): boolean {
  if (vs.view?.type !== 'VirtualService') return false;
  const v = vs.view.vs;
  if (req.anyGateway) return true;
  if (!req.gateway) return v.mesh;
  return v.gateways.some((g) => !g.mesh && g.namespace === req.gateway!.namespace && g.name === req.gateway!.name);
}

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

interface RouteOutcome {
  result?: SimResult;
  reasons: string[];
}

/** Evaluate the HTTP routes of one VirtualService in order (first match wins). */
function evalVsRoutes(ws: Workspace, vs: Resource, req: Req, base: SimResult, depth: number, via?: { ref: MatchedRoute; entry: Json }): RouteOutcome {
  const reasons: string[] = [];
  if (vs.view?.type !== 'VirtualService') return { reasons };
  const doc = vs.doc.doc;
  for (const route of vs.view.vs.http) {
    const entry = (plain(route.node, doc) ?? {}) as Json;
    const label = routeLabel(route);
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
    const ref = matchedRoute(vs, route.node, label, route.index, route.name, matchIndex);
    if (route.hasDelegate && depth === 0) {
      const d = (entry.delegate ?? {}) as Json;
      const name = typeof d.name === 'string' ? d.name : '';
      const ns = typeof d.namespace === 'string' && d.namespace ? d.namespace : vs.namespace;
      const child = ws.byKey('VirtualService', ns, name).find((r) => r.view?.type === 'VirtualService');
      if (!child) {
        const notes = [...base.notes, `delegate VirtualService ${ns}/${name} is not in the given files`];
        return { reasons, result: matchedResult(base, { route: ref, action: 'delegate', entry, notes }) };
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
    const destinations = action === 'route' ? vsDestinations(vs, route, entry) : [];
    return { reasons, result: matchedResult(base, { route: ref, via: via?.ref, action, destinations, entry: merged }) };
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

export function simulateVirtualServices(ws: Workspace, req: Req, base: SimResult): SimResult | undefined {
  const names = req.gateway ? [req.hostname] : meshHostNames(req);
  const merge = !!req.gateway || req.anyGateway;
  let best = -1;
  const byRank = new Map<number, { vs: Resource; host: string }[]>();
  // Indexed candidates: VirtualServices naming one of the host's names exactly, and those with wildcard hosts.
  const pool = new Set<Resource>(ws.lookup(virtualServiceKey(ANY_WILDCARD)));
  for (const n of names) for (const r of ws.lookup(virtualServiceKey(n))) pool.add(r);
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
