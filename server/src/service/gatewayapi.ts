/**
 * Kubernetes Gateway API resources (gateway.networking.k8s.io): read-only views of
 * HTTPRoute (and GRPCRoute) and Gateway with their YAML nodes, computed on demand and
 * cached per resource, so the core resource model stays unchanged.
 */
import type { Document, Node, YAMLMap } from 'yaml';
import type { Resource, Str } from './model';
import { str } from './model/values';
import { type AnyNode, asMap, get, getPair, scalarNumber, scalarString, seqItems } from './yamlutil';

export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
export const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute']);

/** What parentRefs and backendRefs share: a reference to an object by group, kind, name and namespace. */
export interface ObjectRef {
  index: number;
  node: YAMLMap;
  group: string;
  kind: string;
  name?: Str;
  /** Effective namespace (the route's when absent). */
  namespace: string;
  explicitNamespace: boolean;
  port?: number;
}

export interface ParentRef extends ObjectRef {
  sectionName?: Str;
}

export interface BackendRef extends ObjectRef {
  portNode?: Node;
  /** The `weight` value: `query/weights.ts` (backendSplit) reads it and applies the default. */
  weightNode?: Node;
}

export interface PathMatch {
  type: 'Exact' | 'PathPrefix' | 'RegularExpression' | string;
  value: string;
}

export interface ValueMatch {
  type: 'Exact' | 'RegularExpression' | string;
  name: string;
  value: string;
}

export interface RouteMatch {
  index: number;
  /** Absent for the implicit match (`matches` omitted: prefix `/`). */
  node?: YAMLMap;
  path: PathMatch;
  headers: ValueMatch[];
  queryParams: ValueMatch[];
  method?: string;
  /** GRPCRoute: the gRPC service and method to match (`type` Exact by default). */
  grpc?: { type: string; service?: string; method?: string };
}

export interface RouteRule {
  index: number;
  node: YAMLMap;
  name?: string;
  matches: RouteMatch[];
  matchesNode?: Node;
  backendRefs: BackendRef[];
  backendRefsNode?: Node;
  /** Filter types of the rule (RequestRedirect, URLRewrite, ...). */
  filters: string[];
  redirect?: Record<string, unknown>;
}

export interface RouteView {
  parentRefs: ParentRef[];
  parentRefsNode?: Node;
  hostnames: Str[];
  rules: RouteRule[];
  creationTimestamp?: string;
}

export interface Listener {
  index: number;
  node: YAMLMap;
  name?: string;
  hostname?: Str;
  port?: number;
  protocol?: string;
  /** `Same` (default), `All` or `Selector`. */
  allowedNamespaces: string;
}

export interface K8sGatewayView {
  gatewayClassName?: string;
  listeners: Listener[];
  /** Items of `listeners` that are not mappings (invalid: not read as listeners). */
  otherItems: number;
}

/** A parentRef or backendRef (`group` and `kind` as the API defaults them for the field). */
function readRef(node: YAMLMap, index: number, group: string, kind: string, routeNamespace: string, doc: Document): ObjectRef {
  const ns = scalarString(get(node, 'namespace', doc));
  return {
    index,
    node,
    group: scalarString(get(node, 'group', doc)) ?? group,
    kind: scalarString(get(node, 'kind', doc)) ?? kind,
    name: str(get(node, 'name', doc)),
    namespace: ns || routeNamespace,
    explicitNamespace: !!ns,
    port: scalarNumber(get(node, 'port', doc)),
  };
}

const routeCache = new WeakMap<YAMLMap, RouteView>();
const gatewayCache = new WeakMap<YAMLMap, K8sGatewayView>();

export function isGatewayApi(res: Resource): boolean {
  return res.group === GATEWAY_API_GROUP;
}

export function isK8sGateway(res: Resource): boolean {
  return res.kind === 'Gateway' && res.group === GATEWAY_API_GROUP;
}

export function isRoute(res: Resource): boolean {
  return isGatewayApi(res) && ROUTE_KINDS.has(res.kind);
}

/** Every backendRef of a Gateway API route, with its rule; none for other kinds. */
export function routeBackends(res: Resource): { rule: RouteRule; backend: BackendRef }[] {
  return (routeView(res)?.rules ?? []).flatMap((rule) => rule.backendRefs.map((backend) => ({ rule, backend })));
}

function readValueMatches(node: AnyNode, doc: Document): ValueMatch[] {
  return seqItems(node, doc).map((m) => ({
    type: scalarString(get(m, 'type', doc)) ?? 'Exact',
    name: scalarString(get(m, 'name', doc)) ?? '',
    value: scalarString(get(m, 'value', doc)) ?? '',
  }));
}

/** The view of an HTTPRoute (GRPCRoute and the other route kinds share parentRefs, hostnames and backendRefs). */
export function routeView(res: Resource): RouteView | undefined {
  if (!isRoute(res)) return undefined;
  const cached = routeCache.get(res.node);
  if (cached) return cached;
  const doc = res.doc.doc;
  const spec = get(res.node, 'spec', doc);
  const parentRefsNode = get(spec, 'parentRefs', doc) ?? undefined;
  const parentRefs: ParentRef[] = [];
  seqItems(parentRefsNode, doc).forEach((item, index) => {
    const node = asMap(item);
    if (!node) return;
    parentRefs.push({ ...readRef(node, index, GATEWAY_API_GROUP, 'Gateway', res.namespace, doc), sectionName: str(get(node, 'sectionName', doc)) });
  });
  const rules: RouteRule[] = [];
  seqItems(get(spec, 'rules', doc), doc).forEach((item, index) => {
    const node = asMap(item);
    if (!node) return;
    const matchesNode = get(node, 'matches', doc) ?? undefined;
    const matches: RouteMatch[] = [];
    seqItems(matchesNode, doc).forEach((m, mi) => {
      const mm = asMap(m);
      if (!mm) return;
      const p = get(mm, 'path', doc);
      matches.push({
        index: mi,
        node: mm,
        path: { type: scalarString(get(p, 'type', doc)) ?? 'PathPrefix', value: scalarString(get(p, 'value', doc)) ?? '/' },
        headers: readValueMatches(get(mm, 'headers', doc), doc),
        queryParams: readValueMatches(get(mm, 'queryParams', doc), doc),
        method: res.kind === 'GRPCRoute' ? undefined : scalarString(get(mm, 'method', doc)),
        grpc:
          res.kind === 'GRPCRoute'
            ? {
                type: scalarString(get(get(mm, 'method', doc), 'type', doc)) ?? 'Exact',
                service: scalarString(get(get(mm, 'method', doc), 'service', doc)),
                method: scalarString(get(get(mm, 'method', doc), 'method', doc)),
              }
            : undefined,
      });
    });
    if (!matches.length && (res.kind === 'HTTPRoute' || res.kind === 'GRPCRoute'))
      matches.push({
        index: 0,
        path: { type: 'PathPrefix', value: '/' },
        headers: [],
        queryParams: [],
        grpc: res.kind === 'GRPCRoute' ? { type: 'Exact' } : undefined,
      });
    const backendRefsNode = get(node, 'backendRefs', doc) ?? undefined;
    const backendRefs: BackendRef[] = [];
    seqItems(backendRefsNode, doc).forEach((b, bi) => {
      const bm = asMap(b);
      if (!bm) return;
      const wNode = get(bm, 'weight', doc) ?? undefined;
      const portNode = get(bm, 'port', doc) ?? undefined;
      backendRefs.push({ ...readRef(bm, bi, '', 'Service', res.namespace, doc), portNode, weightNode: wNode });
    });
    const filters: string[] = [];
    let redirect: Record<string, unknown> | undefined;
    for (const f of seqItems(get(node, 'filters', doc), doc)) {
      const t = scalarString(get(f, 'type', doc));
      if (!t) continue;
      filters.push(t);
      if (t === 'RequestRedirect') {
        const r = get(f, 'requestRedirect', doc);
        redirect =
          (r && typeof (r as { toJS?: unknown }).toJS === 'function' ? (r as unknown as { toJS(d: Document): Record<string, unknown> }).toJS(doc) : {}) ?? {};
      }
    }
    rules.push({ index, node, name: scalarString(get(node, 'name', doc)), matches, matchesNode, backendRefs, backendRefsNode, filters, redirect });
  });
  const view: RouteView = {
    parentRefs,
    parentRefsNode,
    hostnames: seqItems(get(spec, 'hostnames', doc), doc)
      .map(str)
      .filter((s): s is Str => !!s),
    rules,
    creationTimestamp: scalarString(get(get(res.node, 'metadata', doc), 'creationTimestamp', doc)),
  };
  routeCache.set(res.node, view);
  return view;
}

/** The view of a Gateway API Gateway. */
export function k8sGatewayView(res: Resource): K8sGatewayView | undefined {
  if (!isK8sGateway(res)) return undefined;
  const cached = gatewayCache.get(res.node);
  if (cached) return cached;
  const doc = res.doc.doc;
  const spec = get(res.node, 'spec', doc);
  const listeners: Listener[] = [];
  let otherItems = 0;
  seqItems(get(spec, 'listeners', doc), doc).forEach((item, index) => {
    const node = asMap(item);
    if (!node) {
      otherItems++;
      return;
    }
    listeners.push({
      index,
      node,
      name: scalarString(get(node, 'name', doc)),
      hostname: str(get(node, 'hostname', doc)),
      port: scalarNumber(get(node, 'port', doc)),
      protocol: scalarString(get(node, 'protocol', doc)),
      allowedNamespaces: scalarString(get(get(get(node, 'allowedRoutes', doc), 'namespaces', doc), 'from', doc)) ?? 'Same',
    });
  });
  const view = { gatewayClassName: scalarString(get(spec, 'gatewayClassName', doc)), listeners, otherItems };
  gatewayCache.set(res.node, view);
  return view;
}

/** The Gateway API view of a route or a Gateway; none for other resources. */
export function gatewayApiView(res: Resource): RouteView | K8sGatewayView | undefined {
  return routeView(res) ?? k8sGatewayView(res);
}

/**
 * Take the Gateway API view of `res` as computed where its syntax is (a portable resource of
 * workspace/portable.ts has none): `routeView` and `k8sGatewayView` answer it from now on.
 */
export function adoptGatewayApiView(res: Resource, view: RouteView | K8sGatewayView): void {
  if (isRoute(res)) routeCache.set(res.node, view as RouteView);
  else if (isK8sGateway(res)) gatewayCache.set(res.node, view as K8sGatewayView);
}

/**
 * Gateway API hostname matching: `*.example.com` matches any name with at least one more
 * label (`a.example.com`, `a.b.example.com`) but not `example.com`; matching is case-insensitive.
 */
export function gatewayHostMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p === h) return true;
  if (p === '*') return true;
  if (p.startsWith('*.')) return h.endsWith(p.slice(1)) && h.length > p.length - 1;
  return false;
}

/** Do a listener hostname and a route hostname (either may be a wildcard) intersect? */
export function gatewayHostsIntersect(a: string, b: string): boolean {
  return (
    gatewayHostMatches(a, b) || gatewayHostMatches(b, a) || (a.startsWith('*.') && b.startsWith('*.') && (a.endsWith(b.slice(1)) || b.endsWith(a.slice(1))))
  );
}

/** Is `pair` present under `node`? */
export function hasKey(node: AnyNode, key: string): boolean {
  return !!getPair(node, key);
}

/** The Gateway API Gateways a parentRef names (empty for other kinds or when absent from the workspace). */
export function parentGateways(ws: { byKey(kind: string, ns: string, name: string): readonly Resource[] }, p: ParentRef): Resource[] {
  if (p.group !== GATEWAY_API_GROUP || p.kind !== 'Gateway' || !p.name) return [];
  return ws.byKey('Gateway', p.namespace, p.name.value).filter(isK8sGateway);
}

/** Listeners of `gw` a parentRef selects by sectionName and port. */
export function selectedListeners(gw: Resource, p: ParentRef): Listener[] {
  const v = k8sGatewayView(gw);
  if (!v) return [];
  return v.listeners.filter((l) => (!p.sectionName || l.name === p.sectionName.value) && (p.port === undefined || l.port === p.port));
}

/** Does the listener admit routes from `namespace`? `Selector` depends on namespace labels, so it is taken as yes. */
export function listenerAdmits(gw: Resource, l: Listener, namespace: string): boolean {
  return l.allowedNamespaces === 'All' || l.allowedNamespaces === 'Selector' || gw.namespace === namespace;
}

export function isServiceBackend(b: BackendRef): boolean {
  return (b.group === '' || b.group === 'core') && b.kind === 'Service';
}

/** Is a reference from `from` (a route) to the backend in another namespace allowed by a ReferenceGrant in the backend's namespace? */
export function referenceGranted(
  ws: { ofKind(kind: string, ns?: string): readonly Resource[] },
  from: Resource,
  to: { group: string; kind: string; namespace: string; name: string },
): Resource | undefined {
  for (const g of ws.ofKind('ReferenceGrant', to.namespace)) {
    if (g.group !== GATEWAY_API_GROUP) continue;
    const spec = g.node.get('spec', true) as unknown as { toJS?(d: unknown): unknown } | undefined;
    const v = (spec && typeof spec.toJS === 'function' ? spec.toJS(g.doc.doc) : undefined) as { from?: unknown[]; to?: unknown[] } | undefined;
    if (!v || !Array.isArray(v.from) || !Array.isArray(v.to)) continue;
    const fromOk = v.from.some((f) => {
      const x = f as Record<string, unknown>;
      return (x.group ?? '') === from.group && x.kind === from.kind && x.namespace === from.namespace;
    });
    const toOk = v.to.some((t) => {
      const x = t as Record<string, unknown>;
      const grp = (x.group ?? '') as string;
      return (
        (grp === to.group || (grp === 'core' && to.group === '') || (grp === '' && to.group === 'core')) &&
        x.kind === to.kind &&
        (x.name === undefined || x.name === '' || x.name === to.name)
      );
    });
    if (fromOk && toOk) return g;
  }
  return undefined;
}
