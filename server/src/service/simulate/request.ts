/** The request model of route simulation: the request as given, normalized once (host and port, path and query, lower-case headers, the proxy that sees it). */
import type { WhereRequest } from '../../protocol';
import { CLUSTER_DOMAIN, isWildcard, toFQDN } from '../hosts';
import { parseGatewayRef } from '../model';

/** One request to simulate: the wire shape of the `where does this request go` request, declared once in the protocol module. */
export type SimRequest = WhereRequest;

export interface Req {
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

export function normalize(r: SimRequest): Req {
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
export function meshHostNames(req: Req): string[] {
  const h = req.hostname;
  const out = [h];
  const labels = h.split('.');
  if (!h.includes('.') && !isWildcard(h)) out.push(toFQDN(h, req.namespace));
  else if (labels.length === 2) out.push(`${h}.${CLUSTER_DOMAIN}`);
  else if (labels.length === 3 && labels[2] === 'svc') out.push(`${h}.cluster.local`);
  return out;
}

/** The proxy that sees the request, in words. */
export function ctxLabel(req: Req): string {
  if (req.anyGateway) return 'any gateway or the mesh';
  return req.gateway ? `gateway ${req.gateway.namespace}/${req.gateway.name}` : `mesh (sidecar, caller namespace ${req.namespace})`;
}
