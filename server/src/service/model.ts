/**
 * Resource model: typed, read-only views of the Istio and Kubernetes resources in
 * a parsed document. Every value keeps its YAML node, so any finding can point at
 * the exact key or value. Node ranges are relative to `doc.base`; use `span()`.
 */
import { type Document, isMap, isPair, type Node, type Pair, type YAMLMap } from 'yaml';
import type { YamlDoc } from './parse';
import { type AnyNode, asMap, deref, get, getPair, isEmptyValue, keyName, nodeRange, scalarNumber, scalarString, seqItems, stringMap } from './yamlutil';

export interface Str {
  value: string;
  node: Node;
}

export interface Resource {
  uri: string;
  doc: YamlDoc;
  node: YAMLMap;
  apiVersion: string;
  group: string;
  version: string;
  kind: string;
  name: string | undefined;
  /** Effective namespace: `metadata.namespace`, or `default` when absent. */
  namespace: string;
  explicitNamespace: boolean;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** `Kind/namespace/name`. */
  key: string;
  nameNode?: Node;
  kindNode?: Node;
  /** Index of the item within a `kind: List` document. */
  listIndex?: number;
  view?: View;
}

export type View =
  | { type: 'VirtualService'; vs: VirtualServiceView }
  | { type: 'DestinationRule'; dr: DestinationRuleView }
  | { type: 'Gateway'; gw: GatewayView }
  | { type: 'ServiceEntry'; se: ServiceEntryView }
  | { type: 'Service'; svc: ServiceView }
  | { type: 'Workload'; wl: WorkloadView }
  | { type: 'Canary'; canary: CanaryView }
  | { type: 'IstioOperator'; iop: IstioOperatorView }
  | { type: 'Policy'; pol: PolicyView };

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

function str(node: AnyNode): Str | undefined {
  const v = scalarString(node);
  return v !== undefined && node ? { value: v, node } : undefined;
}

function strList(node: AnyNode, doc: Document): Str[] {
  const out: Str[] = [];
  for (const it of seqItems(node, doc)) {
    const s = str(it);
    if (s) out.push(s);
  }
  return out;
}

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

function readVirtualService(spec: AnyNode, ns: string, doc: Document): VirtualServiceView {
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

// ---------------------------------------------------------------- DestinationRule

export interface Subset {
  index: number;
  node: YAMLMap;
  name?: Str;
  labels: Record<string, string>;
  labelsNode?: Node;
}

export interface DestinationRuleView {
  host?: Str;
  subsets: Subset[];
  subsetsNode?: Node;
  trafficPolicy?: YAMLMap;
  exportTo: string[];
  workloadSelector?: Record<string, string>;
}

function readDestinationRule(spec: AnyNode, doc: Document): DestinationRuleView {
  const subsetsNode = get(spec, 'subsets', doc) ?? undefined;
  const subsets: Subset[] = [];
  seqItems(subsetsNode, doc).forEach((item, index) => {
    const node = asMap(item);
    if (!node) return;
    const labelsNode = get(node, 'labels', doc) ?? undefined;
    subsets.push({ index, node, name: str(get(node, 'name', doc)), labels: stringMap(labelsNode, doc) ?? {}, labelsNode });
  });
  return {
    host: str(get(spec, 'host', doc)),
    subsets,
    subsetsNode,
    trafficPolicy: asMap(get(spec, 'trafficPolicy', doc)),
    exportTo: strList(get(spec, 'exportTo', doc), doc).map((s) => s.value),
    workloadSelector: stringMap(get(get(spec, 'workloadSelector', doc), 'matchLabels', doc), doc),
  };
}

// ---------------------------------------------------------------- Gateway

export interface GatewayServer {
  index: number;
  node: YAMLMap;
  port?: { number?: number; name?: string; protocol?: string; node: Node };
  hosts: Str[];
  tls?: YAMLMap;
}

export interface GatewayView {
  selector: Record<string, string>;
  selectorNode?: Node;
  servers: GatewayServer[];
}

function readGateway(spec: AnyNode, doc: Document): GatewayView {
  const servers: GatewayServer[] = [];
  seqItems(get(spec, 'servers', doc), doc).forEach((item, index) => {
    const node = asMap(item);
    if (!node) return;
    const p = asMap(get(node, 'port', doc));
    servers.push({
      index,
      node,
      port: p
        ? {
            number: scalarNumber(get(p, 'number', doc)),
            name: scalarString(get(p, 'name', doc)),
            protocol: scalarString(get(p, 'protocol', doc)),
            node: p,
          }
        : undefined,
      hosts: strList(get(node, 'hosts', doc), doc),
      tls: asMap(get(node, 'tls', doc)),
    });
  });
  const selectorNode = get(spec, 'selector', doc) ?? undefined;
  return { selector: stringMap(selectorNode, doc) ?? {}, selectorNode, servers };
}

// ---------------------------------------------------------------- ServiceEntry

export interface ServiceEntryPort {
  number?: number;
  name?: string;
  protocol?: string;
  targetPort?: number;
  node: Node;
}

export interface ServiceEntryView {
  hosts: Str[];
  addresses: Str[];
  ports: ServiceEntryPort[];
  location?: string;
  resolution?: string;
  exportTo: string[];
  workloadSelector?: Record<string, string>;
  /** `endpoints[]` with their labels (inline WorkloadEntries). */
  endpoints: { labels: Record<string, string>; node: Node }[];
}

function readServiceEntry(spec: AnyNode, doc: Document): ServiceEntryView {
  return {
    hosts: strList(get(spec, 'hosts', doc), doc),
    addresses: strList(get(spec, 'addresses', doc), doc),
    ports: seqItems(get(spec, 'ports', doc), doc).map((p) => ({
      number: scalarNumber(get(p, 'number', doc)),
      name: scalarString(get(p, 'name', doc)),
      protocol: scalarString(get(p, 'protocol', doc)),
      targetPort: scalarNumber(get(p, 'targetPort', doc)),
      node: p,
    })),
    location: scalarString(get(spec, 'location', doc)),
    resolution: scalarString(get(spec, 'resolution', doc)),
    exportTo: strList(get(spec, 'exportTo', doc), doc).map((s) => s.value),
    workloadSelector: stringMap(get(get(spec, 'workloadSelector', doc), 'labels', doc), doc),
    endpoints: seqItems(get(spec, 'endpoints', doc), doc).map((e) => ({ labels: stringMap(get(e, 'labels', doc), doc) ?? {}, node: e })),
  };
}

// ---------------------------------------------------------------- Service

export interface ServicePort {
  name?: Str;
  port?: number;
  targetPort?: number | string;
  targetPortNode?: Node;
  protocol?: string;
  node: Node;
}

export interface ServiceView {
  /** Undefined when the Service has no selector (endpoints managed elsewhere). */
  selector?: Record<string, string>;
  selectorNode?: Node;
  ports: ServicePort[];
  type?: string;
  externalName?: string;
}

function readService(spec: AnyNode, doc: Document): ServiceView {
  const selectorNode = get(spec, 'selector', doc) ?? undefined;
  return {
    selector: stringMap(selectorNode, doc),
    selectorNode,
    ports: seqItems(get(spec, 'ports', doc), doc).map((p) => {
      const tpNode = get(p, 'targetPort', doc) ?? undefined;
      const tpNum = scalarNumber(tpNode);
      return {
        name: str(get(p, 'name', doc)),
        port: scalarNumber(get(p, 'port', doc)),
        targetPort: tpNum !== undefined ? tpNum : scalarString(tpNode),
        targetPortNode: tpNode,
        protocol: scalarString(get(p, 'protocol', doc)),
        node: p,
      };
    }),
    type: scalarString(get(spec, 'type', doc)),
    externalName: scalarString(get(spec, 'externalName', doc)),
  };
}

// ---------------------------------------------------------------- Workloads

export interface ContainerPort {
  containerPort?: number;
  name?: string;
  protocol?: string;
  node: Node;
}

export interface WorkloadView {
  /** Labels of the pods this workload creates. */
  podLabels: Record<string, string>;
  podLabelsNode?: Node;
  selector?: Record<string, string>;
  containerPorts: ContainerPort[];
  templateNode?: Node;
  /** `serviceAccountName` of the pod spec (`default` when unset): the identity its proxy presents. */
  serviceAccount: string;
  /** Argo Rollouts: the VirtualServices its canary strategy manages. */
  managedVirtualServices?: { name: string; namespace: string; routes: string[] }[];
}

export const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod', 'Rollout', 'Job', 'CronJob', 'ReplicationController']);

function readWorkload(kind: string, root: YAMLMap, spec: AnyNode, ns: string, doc: Document): WorkloadView {
  let podMeta: AnyNode;
  let podSpec: AnyNode;
  let template: AnyNode;
  if (kind === 'Pod') {
    podMeta = get(root, 'metadata', doc);
    podSpec = spec;
  } else if (kind === 'CronJob') {
    template = get(get(get(spec, 'jobTemplate', doc), 'spec', doc), 'template', doc);
    podMeta = get(template, 'metadata', doc);
    podSpec = get(template, 'spec', doc);
  } else {
    template = get(spec, 'template', doc);
    podMeta = get(template, 'metadata', doc);
    podSpec = get(template, 'spec', doc);
  }
  const podLabelsNode = get(podMeta, 'labels', doc) ?? undefined;
  const containerPorts: ContainerPort[] = [];
  for (const c of seqItems(get(podSpec, 'containers', doc), doc)) {
    for (const p of seqItems(get(c, 'ports', doc), doc)) {
      containerPorts.push({
        containerPort: scalarNumber(get(p, 'containerPort', doc)),
        name: scalarString(get(p, 'name', doc)),
        protocol: scalarString(get(p, 'protocol', doc)),
        node: p,
      });
    }
  }
  const sel = get(spec, 'selector', doc);
  const view: WorkloadView = {
    podLabels: stringMap(podLabelsNode, doc) ?? {},
    podLabelsNode,
    selector: stringMap(get(sel, 'matchLabels', doc), doc) ?? (kind === 'ReplicationController' ? stringMap(sel, doc) : undefined),
    containerPorts,
    templateNode: template ?? undefined,
    serviceAccount: scalarString(get(podSpec, 'serviceAccountName', doc)) || scalarString(get(podSpec, 'serviceAccount', doc)) || 'default',
  };
  if (kind === 'Rollout') {
    const istio = get(get(get(get(spec, 'strategy', doc), 'canary', doc), 'trafficRouting', doc), 'istio', doc);
    const refs: { name: string; namespace: string; routes: string[] }[] = [];
    const one = get(istio, 'virtualService', doc);
    const many = seqItems(get(istio, 'virtualServices', doc), doc);
    for (const ref of one ? [one, ...many] : many) {
      const name = scalarString(get(ref, 'name', doc));
      if (!name) continue;
      const [n, refNs] = name.includes('.') ? name.split('.') : [name, ns];
      refs.push({ name: n, namespace: refNs || ns, routes: seqItems(get(ref, 'routes', doc), doc).map((r) => scalarString(r) ?? '') });
    }
    view.managedVirtualServices = refs;
  }
  return view;
}

// ---------------------------------------------------------------- IstioOperator

/** A gateway deployment that `istioctl install -f` (or the operator) creates from an IstioOperator. */
export interface OperatorGateway {
  type: 'ingress' | 'egress';
  name: string;
  namespace: string;
  /** Labels of its pods: `istio: <type>gateway` and `app: <name>`, then the entry's `label` map. */
  labels: Record<string, string>;
  /** The `components.*Gateways[]` entry, or undefined for the profile's default gateway. */
  node?: Node;
}

export interface IstioOperatorView {
  profile: string;
  /** The enabled gateways, the profile's defaults included. */
  gateways: OperatorGateway[];
}

/** Profiles that install no gateway; the others (default, demo, preview, openshift, …) install istio-ingressgateway. */
const PROFILES_WITHOUT_GATEWAYS = new Set(['minimal', 'empty', 'remote', 'ambient', 'external']);

function readIstioOperator(spec: AnyNode, doc: Document): IstioOperatorView {
  const profile = scalarString(get(spec, 'profile', doc)) ?? 'default';
  const namespace = scalarString(get(spec, 'namespace', doc)) ?? 'istio-system';
  const components = get(spec, 'components', doc);
  const gateways: OperatorGateway[] = [];
  const entries: { type: 'ingress' | 'egress'; name: string; node: Node }[] = [];
  for (const type of ['ingress', 'egress'] as const) {
    for (const item of seqItems(get(components, `${type}Gateways`, doc), doc)) {
      const name = scalarString(get(item, 'name', doc));
      if (!name) continue;
      entries.push({ type, name, node: item });
      // An entry is taken as enabled unless it says `enabled: false`: a gateway that may exist
      // is better than a Gateway reported as served by none.
      if (scalarString(get(item, 'enabled', doc)) === 'false') continue;
      const labels: Record<string, string> = { istio: `${type}gateway`, app: name, ...(stringMap(get(item, 'label', doc), doc) ?? {}) };
      // `k8s.overlays` may patch the Deployment's pod labels (`spec.template.metadata.labels.<key>`).
      for (const o of seqItems(get(get(item, 'k8s', doc), 'overlays', doc), doc)) {
        if (scalarString(get(o, 'kind', doc)) !== 'Deployment') continue;
        for (const p of seqItems(get(o, 'patches', doc), doc)) {
          const path = scalarString(get(p, 'path', doc));
          const value = scalarString(get(p, 'value', doc));
          const prefix = 'spec.template.metadata.labels.';
          if (path?.startsWith(prefix) && value !== undefined) labels[path.slice(prefix.length)] = value;
        }
      }
      gateways.push({ type, name, namespace: scalarString(get(item, 'namespace', doc)) ?? namespace, labels, node: item });
    }
  }
  const defaults: { type: 'ingress' | 'egress'; name: string }[] = [];
  if (!PROFILES_WITHOUT_GATEWAYS.has(profile)) defaults.push({ type: 'ingress', name: 'istio-ingressgateway' });
  if (profile === 'demo') defaults.push({ type: 'egress', name: 'istio-egressgateway' });
  for (const d of defaults) {
    // An entry of the same name replaces the profile's gateway (or disables it with enabled: false).
    if (entries.some((e) => e.type === d.type && e.name === d.name)) continue;
    gateways.push({ type: d.type, name: d.name, namespace, labels: { istio: `${d.type}gateway`, app: d.name } });
  }
  return { profile, gateways };
}

// ---------------------------------------------------------------- Sidecar and workload policies

/** Kinds that select workloads by labels (`selector.matchLabels`; Sidecar: `workloadSelector.labels`), with their API group. */
export const POLICY_KINDS: Record<string, string> = {
  Sidecar: 'networking.istio.io',
  AuthorizationPolicy: 'security.istio.io',
  PeerAuthentication: 'security.istio.io',
  RequestAuthentication: 'security.istio.io',
  Telemetry: 'telemetry.istio.io',
  WasmPlugin: 'extensions.istio.io',
};

/** An AuthorizationPolicy rule's `to[].operation`. */
export interface PolicyOperation {
  hosts: Str[];
  notHosts: Str[];
  methods: Str[];
  notMethods: Str[];
  node: Node;
}

/** An AuthorizationPolicy rule's `from[].source`. */
export interface PolicySource {
  principals: Str[];
  notPrincipals: Str[];
  namespaces: Str[];
  notNamespaces: Str[];
  node: Node;
}

/** A Sidecar `egress[]` listener: the hosts (`namespace/dnsName`) its proxies import. */
export interface EgressListener {
  hosts: Str[];
  port?: number;
  node: Node;
}

export interface PolicyView {
  /** Selector labels; undefined when absent or empty (the policy applies to its whole namespace, or the mesh from the root namespace). */
  selector?: Record<string, string>;
  /** The labels map (or the selector key's value when it has no labels). */
  selectorNode?: Node;
  /** `targetRef`/`targetRefs` set: the policy attaches to a Gateway or Service, not to workloads by labels. */
  targetRef: boolean;
  /** AuthorizationPolicy `action` (ALLOW when absent). */
  action?: string;
  egress: EgressListener[];
  operations: PolicyOperation[];
  sources: PolicySource[];
}

function readPolicy(kind: string, spec: AnyNode, doc: Document): PolicyView {
  const selKey = get(spec, kind === 'Sidecar' ? 'workloadSelector' : 'selector', doc);
  const labelsNode = get(selKey, kind === 'Sidecar' ? 'labels' : 'matchLabels', doc);
  const labels = stringMap(labelsNode, doc);
  const operations: PolicyOperation[] = [];
  const sources: PolicySource[] = [];
  if (kind === 'AuthorizationPolicy') {
    for (const rule of seqItems(get(spec, 'rules', doc), doc)) {
      for (const to of seqItems(get(rule, 'to', doc), doc)) {
        const op = get(to, 'operation', doc);
        if (!op) continue;
        operations.push({
          hosts: strList(get(op, 'hosts', doc), doc),
          notHosts: strList(get(op, 'notHosts', doc), doc),
          methods: strList(get(op, 'methods', doc), doc),
          notMethods: strList(get(op, 'notMethods', doc), doc),
          node: op,
        });
      }
      for (const from of seqItems(get(rule, 'from', doc), doc)) {
        const src = get(from, 'source', doc);
        if (!src) continue;
        sources.push({
          principals: strList(get(src, 'principals', doc), doc),
          notPrincipals: strList(get(src, 'notPrincipals', doc), doc),
          namespaces: strList(get(src, 'namespaces', doc), doc),
          notNamespaces: strList(get(src, 'notNamespaces', doc), doc),
          node: src,
        });
      }
    }
  }
  return {
    selector: labels && Object.keys(labels).length ? labels : undefined,
    selectorNode: labelsNode ?? selKey ?? undefined,
    targetRef: !!(get(spec, 'targetRef', doc) || get(spec, 'targetRefs', doc)),
    action: scalarString(get(spec, 'action', doc)),
    egress:
      kind === 'Sidecar'
        ? seqItems(get(spec, 'egress', doc), doc).map((e) => ({
            hosts: strList(get(e, 'hosts', doc), doc),
            port: scalarNumber(get(get(e, 'port', doc), 'number', doc)),
            node: e,
          }))
        : [],
    operations,
    sources,
  };
}

// ---------------------------------------------------------------- Flagger Canary

export interface CanaryView {
  targetName?: string;
  serviceName?: string;
}

// ---------------------------------------------------------------- extraction

function metaString(meta: AnyNode, key: string, doc: Document): string | undefined {
  return scalarString(get(meta, key, doc));
}

/** Namespaces given at apply time: a kustomization's `namespace:` (overrides), or `--namespace` / `meshLsp.defaultNamespace` (fallback). */
export interface NamespaceOptions {
  override?: string;
  fallback?: string;
}

function makeResource(uri: string, yd: YamlDoc, node: YAMLMap, listIndex?: number, nsOpts?: NamespaceOptions): Resource | undefined {
  const doc = yd.doc;
  const apiVersion = scalarString(get(node, 'apiVersion', doc));
  const kindNode = get(node, 'kind', doc);
  const kind = scalarString(kindNode);
  if (!apiVersion || !kind) return undefined;
  const slash = apiVersion.lastIndexOf('/');
  const group = slash === -1 ? '' : apiVersion.slice(0, slash);
  const version = slash === -1 ? apiVersion : apiVersion.slice(slash + 1);
  const meta = get(node, 'metadata', doc);
  const nameNode = get(meta, 'name', doc) ?? undefined;
  const name = scalarString(nameNode);
  const nsValue = metaString(meta, 'namespace', doc);
  const namespace = nsOpts?.override || nsValue || nsOpts?.fallback || 'default';
  const res: Resource = {
    uri,
    doc: yd,
    node,
    apiVersion,
    group,
    version,
    kind,
    name,
    namespace,
    explicitNamespace: !!(nsOpts?.override || nsValue),
    labels: stringMap(get(meta, 'labels', doc), doc) ?? {},
    annotations: stringMap(get(meta, 'annotations', doc), doc) ?? {},
    key: `${kind}/${namespace}/${name ?? ''}`,
    nameNode,
    kindNode: kindNode ?? undefined,
    listIndex,
  };
  const spec = get(node, 'spec', doc);
  const istioNet = group === 'networking.istio.io';
  if (istioNet && kind === 'VirtualService') res.view = { type: 'VirtualService', vs: readVirtualService(spec, namespace, doc) };
  else if (istioNet && kind === 'DestinationRule') res.view = { type: 'DestinationRule', dr: readDestinationRule(spec, doc) };
  else if (istioNet && kind === 'Gateway') res.view = { type: 'Gateway', gw: readGateway(spec, doc) };
  else if (istioNet && kind === 'ServiceEntry') res.view = { type: 'ServiceEntry', se: readServiceEntry(spec, doc) };
  else if (POLICY_KINDS[kind] === group) res.view = { type: 'Policy', pol: readPolicy(kind, spec, doc) };
  else if (group === '' && kind === 'Service') res.view = { type: 'Service', svc: readService(spec, doc) };
  else if (WORKLOAD_KINDS.has(kind) && (group === '' || group === 'apps' || group === 'batch' || group === 'argoproj.io' || group === 'extensions'))
    res.view = { type: 'Workload', wl: readWorkload(kind, node, spec, namespace, doc) };
  else if (kind === 'IstioOperator' && group === 'install.istio.io') res.view = { type: 'IstioOperator', iop: readIstioOperator(spec, doc) };
  else if (kind === 'Canary' && group === 'flagger.app')
    res.view = {
      type: 'Canary',
      canary: {
        targetName: scalarString(get(get(spec, 'targetRef', doc), 'name', doc)),
        serviceName: scalarString(get(get(spec, 'service', doc), 'name', doc)),
      },
    };
  return res;
}

/** All resources of one parsed document (items of a `kind: List` are resources too). */
export function extractResources(uri: string, yd: YamlDoc, nsOpts?: NamespaceOptions): Resource[] {
  const root = yd.doc.contents;
  if (!isMap(root)) return [];
  const kind = scalarString(get(root, 'kind', yd.doc));
  const apiVersion = scalarString(get(root, 'apiVersion', yd.doc));
  if (kind && apiVersion && /List$/.test(kind) && getPair(root, 'items')) {
    const out: Resource[] = [];
    seqItems(get(root, 'items', yd.doc), yd.doc).forEach((item, i) => {
      if (isMap(item)) {
        const r = makeResource(uri, yd, item as YAMLMap, i, nsOpts);
        if (r) out.push(r);
      }
    });
    return out;
  }
  const r = makeResource(uri, yd, root as YAMLMap, undefined, nsOpts);
  return r ? [r] : [];
}

/** Absolute [start, end] offsets of a node or pair of a resource's document. */
export function span(res: { doc: YamlDoc }, node: Node | Pair | null | undefined): [number, number] {
  const r = nodeRange(node);
  if (!r) return [res.doc.base, res.doc.base];
  return [res.doc.base + r[0], res.doc.base + r[1]];
}

/** Span of the resource's name (or its kind, or the whole document start) for resource-level findings. */
export function resourceSpan(res: Resource): [number, number] {
  return span(res, res.nameNode ?? res.kindNode ?? res.node);
}

export function displayName(res: Resource): string {
  return `${res.kind} ${res.explicitNamespace ? `${res.namespace}/` : ''}${res.name ?? '<unnamed>'}`;
}

export function labelsMatch(selector: Record<string, string>, labels: Record<string, string>): boolean {
  for (const k in selector) if (labels[k] !== selector[k]) return false;
  return true;
}

export function formatLabels(labels: Record<string, string>): string {
  const e = Object.entries(labels);
  return e.length ? e.map(([k, v]) => `${k}=${v}`).join(',') : '(none)';
}

export function hasKeys(node: AnyNode): node is YAMLMap {
  return isMap(node) && node.items.length > 0;
}
