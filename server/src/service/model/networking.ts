/** The views of the Istio networking kinds besides VirtualService: DestinationRule, Gateway and ServiceEntry. */
import type { Document, Node, YAMLMap } from 'yaml';
import { type AnyNode, asMap, get, scalarNumber, scalarString, seqItems, stringMap } from '../yamlutil';
import { type Str, str, strList } from './values';

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

export function readDestinationRule(spec: AnyNode, doc: Document): DestinationRuleView {
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

export function readGateway(spec: AnyNode, doc: Document): GatewayView {
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

export function readServiceEntry(spec: AnyNode, doc: Document): ServiceEntryView {
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
