/** What route simulation answers: the matched route entry, its destinations with their shares, the candidates that did not match and why, and the notes. */
import type { Document, Node } from 'yaml';
import { type Resource, span } from '../model';
import type { Json } from './match';
import type { SimRequest } from './request';

export interface SimDestination {
  host: string;
  /** Host resolved to a fully qualified name. */
  fqdn: string;
  subset?: string;
  port?: number;
  weight: number;
  percent: string;
}

/** The route entry that took the request (a VirtualService `http[]` entry or an HTTPRoute/GRPCRoute rule), with the match block that matched. */
export interface MatchedRoute {
  resource: Resource;
  kind: string;
  uri: string;
  start: number;
  end: number;
  /** `http[2]` or `rules[1]`, with the route's name when it has one. */
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
  route?: MatchedRoute;
  /** The root VirtualService route that delegated to `route`. */
  via?: MatchedRoute;
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

export function matchedRoute(res: Resource, node: Node, label: string, index: number, name: string | undefined, matchIndex: number): MatchedRoute {
  const [start, end] = span(res, node);
  return { resource: res, kind: res.kind, uri: res.uri, start, end, label, index, name, matchIndex };
}

/** A route entry as plain data (undefined when the node does not convert). */
export function plain(node: Node | undefined, doc: Document): unknown {
  if (!node) return undefined;
  try {
    return (node as unknown as { toJS(d: Document): unknown }).toJS(doc);
  } catch {
    return undefined;
  }
}

/** The result for a request a route entry took (the fields in the order the report has always had). */
export function matchedResult(
  base: SimResult,
  f: Partial<Pick<SimResult, 'via' | 'candidates' | 'notes'>> & {
    route: MatchedRoute;
    action: NonNullable<SimResult['action']>;
    destinations?: SimDestination[];
    entry: Json;
  },
): SimResult {
  const out: SimResult = { ...base, matched: true, route: f.route };
  if ('via' in f) out.via = f.via;
  out.action = f.action;
  out.destinations = f.destinations ?? [];
  out.entry = f.entry;
  if (f.candidates) out.candidates = f.candidates;
  if (f.notes) out.notes = f.notes;
  return out;
}
