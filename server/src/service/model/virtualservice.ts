/** The VirtualService view: hosts, gateways and the http, tcp and tls routes with their destinations, misnested keys kept. */
import { type Document, isPair, type Node, type Pair, type YAMLMap } from 'yaml';
import { type AnyNode, asMap, deref, get, getPair, isEmptyValue, keyName, scalarNumber, scalarString, seqItems } from '../yamlutil';
import { type Str, str, strList } from './values';

// ---------------------------------------------------------------- VirtualService

export interface GatewayRef extends Str {
  mesh: boolean;
  namespace: string;
  name: string;
}

export interface PortRef {
  number?: number;
  node: Node;
}

export interface RouteDestination {
  index: number;
  /** The sequence item under `route:` (`- destination: ...`). */
  node: YAMLMap;
  destinationPair?: Pair<Node, Node | null>;
  destination?: YAMLMap;
  host?: Str;
  subset?: Str;
  port?: PortRef;
  weight?: { value: number | undefined; node: Node };
  weightPair?: Pair<Node, Node | null>;
  /** Keys that belong under `destination:` but sit beside it (destination empty, or lacking them). */
  misnestedOut?: Pair<Node, Node | null>[];
  /** Keys that belong beside `destination:` (e.g. `weight`) but sit inside it. */
  misnestedIn?: Pair<Node, Node | null>[];
}

export interface Route {
  protocol: 'http' | 'tcp' | 'tls';
  index: number;
  node: YAMLMap;
  name?: string;
  matchNode?: Node;
  routeNode?: Node;
  destinations: RouteDestination[];
  mirror?: { host?: Str; subset?: Str; node: YAMLMap };
  hasRedirect: boolean;
  hasDirectResponse: boolean;
  hasDelegate: boolean;
}

export interface VirtualServiceView {
  hosts: Str[];
  gateways: GatewayRef[];
  /** True when bound to the mesh (no `gateways`, or `mesh` listed). */
  mesh: boolean;
  exportTo: string[];
  http: Route[];
  tcp: Route[];
  tls: Route[];
}

const DESTINATION_KEYS = new Set(['host', 'subset', 'port']);
const ROUTE_DEST_KEYS = new Set(['weight', 'headers']);

function port(node: AnyNode, doc: Document): PortRef | undefined {
  if (!node) return undefined;
  const m = asMap(node);
  if (m) return { number: scalarNumber(get(m, 'number', doc)), node };
  return { number: scalarNumber(node), node };
}

function readDestination(item: Node, index: number, doc: Document): RouteDestination | undefined {
  const node = asMap(item);
  if (!node) return undefined;
  const rd: RouteDestination = { index, node };
  const destPair = getPair(node, 'destination');
  rd.destinationPair = destPair;
  const dest = asMap(deref(destPair?.value, doc));
  rd.destination = dest;
  if (dest) {
    rd.host = str(get(dest, 'host', doc));
    rd.subset = str(get(dest, 'subset', doc));
    rd.port = port(get(dest, 'port', doc), doc);
    const inner = dest.items.filter((p) => isPair(p) && ROUTE_DEST_KEYS.has(keyName(p) ?? '')) as Pair<Node, Node | null>[];
    if (inner.length) rd.misnestedIn = inner;
    // Partial misnest: `subset:`/`port:` beside a non-empty `destination:` that lacks them.
    const stray = node.items.filter((p) => isPair(p) && DESTINATION_KEYS.has(keyName(p) ?? '') && !getPair(dest, keyName(p)!)) as Pair<Node, Node | null>[];
    if (stray.length) {
      rd.misnestedOut = stray;
      rd.host ??= str(get(node, 'host', doc));
      rd.subset ??= str(get(node, 'subset', doc));
      rd.port ??= port(get(node, 'port', doc), doc);
    }
  } else if (destPair && isEmptyValue(deref(destPair.value, doc))) {
    const out = node.items.filter((p) => isPair(p) && DESTINATION_KEYS.has(keyName(p) ?? '')) as Pair<Node, Node | null>[];
    if (out.length) {
      rd.misnestedOut = out;
      // Read the intended destination, so the other checks still work on the file.
      rd.host = str(get(node, 'host', doc));
      rd.subset = str(get(node, 'subset', doc));
      rd.port = port(get(node, 'port', doc), doc);
    }
  }
  const wPair = getPair(node, 'weight') ?? rd.misnestedIn?.find((p) => keyName(p) === 'weight');
  if (wPair) {
    const wNode = deref(wPair.value, doc);
    rd.weightPair = wPair;
    rd.weight = { value: scalarNumber(wNode), node: (wNode ?? wPair.key) as Node };
  }
  return rd;
}

function readRoutes(spec: AnyNode, protocol: 'http' | 'tcp' | 'tls', doc: Document): Route[] {
  const routes: Route[] = [];
  seqItems(get(spec, protocol, doc), doc).forEach((item, index) => {
    const node = asMap(item);
    if (!node) return;
    const routeNode = get(node, 'route', doc) ?? undefined;
    const destinations: RouteDestination[] = [];
    seqItems(routeNode, doc).forEach((d, i) => {
      const rd = readDestination(d, i, doc);
      if (rd) destinations.push(rd);
    });
    const mirrorNode = asMap(get(node, 'mirror', doc));
    routes.push({
      protocol,
      index,
      node,
      name: scalarString(get(node, 'name', doc)),
      matchNode: get(node, 'match', doc) ?? undefined,
      routeNode,
      destinations,
      mirror: mirrorNode ? { host: str(get(mirrorNode, 'host', doc)), subset: str(get(mirrorNode, 'subset', doc)), node: mirrorNode } : undefined,
      hasRedirect: !!getPair(node, 'redirect'),
      hasDirectResponse: !!getPair(node, 'directResponse'),
      hasDelegate: !!getPair(node, 'delegate'),
    });
  });
  return routes;
}

/** Resolve a VirtualService `gateways` entry as Istio does: `mesh`, `ns/name`, `name.ns.svc...`, or `name` in the VS namespace. */
export function parseGatewayRef(value: string, vsNamespace: string): { mesh: boolean; namespace: string; name: string } {
  if (value === 'mesh') return { mesh: true, namespace: '', name: 'mesh' };
  const slash = value.indexOf('/');
  if (slash !== -1) return { mesh: false, namespace: value.slice(0, slash) || vsNamespace, name: value.slice(slash + 1) };
  const dot = value.indexOf('.');
  if (dot !== -1) {
    const parts = value.split('.');
    return { mesh: false, namespace: parts[1] || vsNamespace, name: parts[0] };
  }
  return { mesh: false, namespace: vsNamespace, name: value };
}

export function readVirtualService(spec: AnyNode, ns: string, doc: Document): VirtualServiceView {
  const gateways: GatewayRef[] = strList(get(spec, 'gateways', doc), doc).map((s) => ({ ...s, ...parseGatewayRef(s.value, ns) }));
  return {
    hosts: strList(get(spec, 'hosts', doc), doc),
    gateways,
    mesh: gateways.length === 0 || gateways.some((g) => g.mesh),
    exportTo: strList(get(spec, 'exportTo', doc), doc).map((s) => s.value),
    http: readRoutes(spec, 'http', doc),
    tcp: readRoutes(spec, 'tcp', doc),
    tls: readRoutes(spec, 'tls', doc),
  };
}
