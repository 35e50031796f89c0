/** The views of the Kubernetes kinds the mesh routes to: Service and the workloads (pod templates, Argo Rollouts). */
import type { Document, Node, YAMLMap } from 'yaml';
import { type AnyNode, get, scalarNumber, scalarString, seqItems, stringMap } from '../yamlutil';
import { type Str, str } from './values';

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

export function readService(spec: AnyNode, doc: Document): ServiceView {
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

export function readWorkload(kind: string, root: YAMLMap, spec: AnyNode, ns: string, doc: Document): WorkloadView {
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
