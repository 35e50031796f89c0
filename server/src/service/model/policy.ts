/** The views of the kinds that select workloads by labels: Sidecar and the security, telemetry and extension policies. */
import type { Document, Node } from 'yaml';
import { type AnyNode, get, scalarNumber, scalarString, seqItems, stringMap } from '../yamlutil';
import { type Str, strList } from './values';

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

type Clause<F extends string> = Record<F, Str[]> & { node: Node };

/** The `key` map of each entry of the rules' `list` (`to[].operation`, `from[].source`), with the string lists `fields` read. */
function clauses<F extends string>(rules: Node[], list: 'to' | 'from', key: 'operation' | 'source', fields: readonly F[], doc: Document): Clause<F>[] {
  const out: Clause<F>[] = [];
  for (const rule of rules)
    for (const item of seqItems(get(rule, list, doc), doc)) {
      const node = get(item, key, doc);
      if (!node) continue;
      const clause = {} as Clause<F>;
      for (const f of fields) clause[f] = strList(get(node, f, doc), doc) as Clause<F>[F];
      clause.node = node;
      out.push(clause);
    }
  return out;
}

export function readPolicy(kind: string, spec: AnyNode, doc: Document): PolicyView {
  const selKey = get(spec, kind === 'Sidecar' ? 'workloadSelector' : 'selector', doc);
  const labelsNode = get(selKey, kind === 'Sidecar' ? 'labels' : 'matchLabels', doc);
  const labels = stringMap(labelsNode, doc);
  const rules = kind === 'AuthorizationPolicy' ? seqItems(get(spec, 'rules', doc), doc) : [];
  const operations: PolicyOperation[] = clauses(rules, 'to', 'operation', ['hosts', 'notHosts', 'methods', 'notMethods'], doc);
  const sources: PolicySource[] = clauses(rules, 'from', 'source', ['principals', 'notPrincipals', 'namespaces', 'notNamespaces'], doc);
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
