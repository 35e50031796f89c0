/**
 * Resource model: typed, read-only views of the Istio and Kubernetes resources in
 * a parsed document. Every value keeps its YAML node, so any finding can point at
 * the exact key or value. Node ranges are relative to `doc.base`; use `span()`.
 */
import { type Document, isMap, type Node, type Pair, type YAMLMap } from 'yaml';
import { readService, readWorkload, type ServiceView, WORKLOAD_KINDS, type WorkloadView } from './model/kubernetes';
import { type DestinationRuleView, type GatewayView, readDestinationRule, readGateway, readServiceEntry, type ServiceEntryView } from './model/networking';
import { type IstioOperatorView, readIstioOperator } from './model/operator';
import { POLICY_KINDS, type PolicyView, readPolicy } from './model/policy';
import { parseGatewayRef, readVirtualService, type VirtualServiceView } from './model/virtualservice';
import type { YamlDoc } from './parse';
import { type AnyNode, get, getPair, nodeRange, scalarString, seqItems, stringMap } from './yamlutil';

export type { ContainerPort, ServicePort, ServiceView, WorkloadView } from './model/kubernetes';
export type { DestinationRuleView, GatewayServer, GatewayView, ServiceEntryPort, ServiceEntryView, Subset } from './model/networking';
export type { IstioOperatorView, OperatorGateway } from './model/operator';
export type { EgressListener, PolicyOperation, PolicySource, PolicyView } from './model/policy';
export type { Str } from './model/values';
export type { GatewayRef, PortRef, Route, RouteDestination, VirtualServiceView } from './model/virtualservice';
export { POLICY_KINDS, parseGatewayRef, WORKLOAD_KINDS };

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

/** The same label set: every key with the same value, and no other key. */
export function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  return Object.keys(a).length === Object.keys(b).length && labelsMatch(a, b);
}

export function formatLabels(labels: Record<string, string>): string {
  const e = Object.entries(labels);
  return e.length ? e.map(([k, v]) => `${k}=${v}`).join(',') : '(none)';
}

export function hasKeys(node: AnyNode): node is YAMLMap {
  return isMap(node) && node.items.length > 0;
}
