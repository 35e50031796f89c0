/**
 * Kustomize's built-in transformers with their default field specs, on origin-keeping trees:
 * namespace, name prefix/suffix, labels (with selectors and pod templates), annotations,
 * images, replicas, and the name references Kustomize rewrites when it renames an object.
 * A value a transformer sets keeps the origin of the kustomization field that set it.
 */
import { child, ensureMap, isTMap, isTScalar, isTSeq, scalarNode, seq, str, type TMap, type TNode } from './tree';
import type { SourceRef } from './types';

/** An object in a build's accumulator. */
export interface KObject {
  node: TMap;
  /** Names and namespaces the object had before (oldest first), for patch targets and name references. */
  prev: { name: string; namespace: string }[];
  /** Set on ConfigMaps and Secrets made by a generator: the hash suffix still to add, unless disabled. */
  generated?: { hash: boolean; behavior: string; unknown?: boolean };
}

export const kindOf = (o: KObject) => str(child(o.node, 'kind')) ?? '';
export const nameOf = (o: KObject) => str(child(child(o.node, 'metadata'), 'name')) ?? '';
export const namespaceOf = (o: KObject) => str(child(child(o.node, 'metadata'), 'namespace')) ?? '';
export function groupOf(o: KObject): string {
  const av = str(child(o.node, 'apiVersion')) ?? '';
  return av.includes('/') ? av.slice(0, av.indexOf('/')) : '';
}
export function versionOf(o: KObject): string {
  const av = str(child(o.node, 'apiVersion')) ?? '';
  return av.slice(av.indexOf('/') + 1);
}

const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'APIService',
  'PriorityClass',
  'IngressClass',
  'CSIDriver',
  'CSINode',
  'Node',
  'PodSecurityPolicy',
  'RuntimeClass',
  'VolumeAttachment',
  'ComponentStatus',
  'CertificateSigningRequest',
  'FlowSchema',
  'PriorityLevelConfiguration',
]);

export const isClusterScoped = (kind: string) => CLUSTER_SCOPED.has(kind);

function setName(o: KObject, name: string, origin?: SourceRef): void {
  const meta = ensureMap(o.node, 'metadata', o.node.o);
  const old = meta.v.get('name');
  o.prev.push({ name: nameOf(o), namespace: namespaceOf(o) });
  meta.v.set('name', scalarNode(name, origin ?? old?.o ?? meta.o));
}

export function setNamespace(objects: KObject[], ns: string, origin: SourceRef): void {
  for (const o of objects) {
    const kind = kindOf(o);
    if (kind === 'Namespace') {
      if (nameOf(o) !== ns) setName(o, ns, origin);
      continue;
    }
    if (isClusterScoped(kind)) continue;
    const meta = ensureMap(o.node, 'metadata', o.node.o);
    // Recorded even when unchanged: RoleBinding subjects follow a ServiceAccount the namespace transformer touched.
    o.prev.push({ name: nameOf(o), namespace: namespaceOf(o) });
    if (str(meta.v.get('namespace')) !== ns) meta.v.set('namespace', scalarNode(ns, origin));
    if (kind === 'APIService') {
      const svc = child(child(o.node, 'spec'), 'service');
      if (isTMap(svc)) svc.v.set('namespace', scalarNode(ns, origin));
    }
  }
  for (const o of objects) {
    const kind = kindOf(o);
    // Subjects naming the ServiceAccount `default` follow the namespace (kustomize's defaultOnly).
    if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
      for (const s of seq(child(o.node, 'subjects'))) {
        if (isTMap(s) && str(s.v.get('kind')) === 'ServiceAccount' && str(s.v.get('name')) === 'default') s.v.set('namespace', scalarNode(ns, origin));
      }
    }
    if (kind === 'ValidatingWebhookConfiguration' || kind === 'MutatingWebhookConfiguration') {
      for (const w of seq(child(o.node, 'webhooks'))) {
        const svc = child(child(w, 'clientConfig'), 'service');
        if (isTMap(svc)) svc.v.set('namespace', scalarNode(ns, origin));
      }
    }
  }
}

const NO_PREFIX = new Set(['CustomResourceDefinition', 'APIService', 'Namespace']);

export function addAffix(objects: KObject[], prefix: string, suffix: string, origin: SourceRef): void {
  for (const o of objects) {
    if (NO_PREFIX.has(kindOf(o))) continue;
    const name = nameOf(o);
    const meta = child(o.node, 'metadata');
    const nameNode = child(meta, 'name');
    setName(o, `${prefix}${name}${suffix}`, nameNode?.o ?? origin);
  }
}

/** Label field specs: [kind, group ('*' any), path, create]. */
type Spec = [string, string, string, boolean];
const TEMPLATE_KINDS: [string, string][] = [
  ['Deployment', '*'],
  ['ReplicaSet', '*'],
  ['DaemonSet', '*'],
  ['StatefulSet', 'apps'],
];
const SELECTOR_SPECS: Spec[] = [
  ['Service', '', 'spec/selector', true],
  ['ReplicationController', '', 'spec/selector', true],
  ...TEMPLATE_KINDS.map(([k, g]): Spec => [k, g, 'spec/selector/matchLabels', true]),
  ['Job', 'batch', 'spec/selector/matchLabels', false],
  ['CronJob', 'batch', 'spec/jobTemplate/spec/selector/matchLabels', false],
  ['PodDisruptionBudget', 'policy', 'spec/selector/matchLabels', false],
  ['NetworkPolicy', 'networking.k8s.io', 'spec/podSelector/matchLabels', false],
  ['NetworkPolicy', 'networking.k8s.io', 'spec/ingress[]/from[]/podSelector/matchLabels', false],
  ['NetworkPolicy', 'networking.k8s.io', 'spec/egress[]/to[]/podSelector/matchLabels', false],
  ...(['Deployment', 'StatefulSet'] as const).flatMap((k): Spec[] =>
    ['podAffinity', 'podAntiAffinity'].flatMap((a): Spec[] => [
      [k, 'apps', `spec/template/spec/affinity/${a}/preferredDuringSchedulingIgnoredDuringExecution[]/podAffinityTerm/labelSelector/matchLabels`, false],
      [k, 'apps', `spec/template/spec/affinity/${a}/requiredDuringSchedulingIgnoredDuringExecution[]/labelSelector/matchLabels`, false],
    ]),
  ),
  ['Deployment', 'apps', 'spec/template/spec/topologySpreadConstraints[]/labelSelector/matchLabels', false],
  ['StatefulSet', 'apps', 'spec/template/spec/topologySpreadConstraints[]/labelSelector/matchLabels', false],
];
const TEMPLATE_SPECS: Spec[] = [
  ['ReplicationController', '', 'spec/template/metadata/labels', true],
  ...TEMPLATE_KINDS.map(([k, g]): Spec => [k, g, 'spec/template/metadata/labels', true]),
  ['StatefulSet', 'apps', 'spec/volumeClaimTemplates[]/metadata/labels', true],
  ['Job', 'batch', 'spec/template/metadata/labels', true],
  ['CronJob', 'batch', 'spec/jobTemplate/metadata/labels', true],
  ['CronJob', 'batch', 'spec/jobTemplate/spec/template/metadata/labels', true],
];

/** Set `entries` at `path` (keys; a sequence on the way is walked element-wise), creating the maps when `create`. */
function setAt(node: TNode, path: readonly string[], entries: [string, TNode][], create: boolean, origin: SourceRef): void {
  if (isTSeq(node)) {
    for (const e of node.v) setAt(e, path, entries, create, origin);
    return;
  }
  if (!isTMap(node)) return;
  if (path.length === 0) {
    for (const [k, v] of entries) node.v.set(k, v);
    return;
  }
  const list = path[0].endsWith('[]');
  const key = list ? path[0].slice(0, -2) : path[0];
  let next = node.v.get(key);
  if (!next || next.v === null) {
    if (!create || list) return;
    next = ensureMap(node, key, origin);
  }
  setAt(next, path.slice(1), entries, create, origin);
}

function specsFor(o: KObject, specs: Spec[]): Spec[] {
  const kind = kindOf(o);
  const group = groupOf(o);
  return specs.filter(([k, g]) => k === kind && (g === '*' || g === group || (g === '' && group === '')));
}

export interface LabelOptions {
  selectors: boolean;
  templates: boolean;
  /** Extra field specs (`labels[].fields`): paths with optional kind. */
  fields?: { kind?: string; path: string; create: boolean }[];
}

/** Add labels (each with the origin of its kustomization entry). */
export function addLabels(objects: KObject[], labels: [string, TNode][], opts: LabelOptions, fieldOrigin: SourceRef): void {
  if (!labels.length) return;
  const make = (): [string, TNode][] => labels.map(([k, v]) => [k, { v: str(v) ?? '', o: v.o }]);
  for (const o of objects) {
    setAt(o.node, ['metadata', 'labels'], make(), true, fieldOrigin);
    const specs = [...(opts.selectors ? [...SELECTOR_SPECS, ...TEMPLATE_SPECS] : []), ...(opts.templates && !opts.selectors ? TEMPLATE_SPECS : [])];
    for (const [, , path, create] of specsFor(o, specs)) setAt(o.node, path.split('/'), make(), create, fieldOrigin);
    for (const f of opts.fields ?? []) if (!f.kind || f.kind === kindOf(o)) setAt(o.node, f.path.split('/'), make(), f.create, fieldOrigin);
  }
}

const ANNOTATION_TEMPLATE_KINDS = new Set(['ReplicationController', 'Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job']);

export function addAnnotations(objects: KObject[], annotations: [string, TNode][], fieldOrigin: SourceRef): void {
  if (!annotations.length) return;
  const make = (): [string, TNode][] => annotations.map(([k, v]) => [k, { v: str(v) ?? '', o: v.o }]);
  for (const o of objects) {
    setAt(o.node, ['metadata', 'annotations'], make(), true, fieldOrigin);
    const kind = kindOf(o);
    if (ANNOTATION_TEMPLATE_KINDS.has(kind)) setAt(o.node, ['spec', 'template', 'metadata', 'annotations'], make(), true, fieldOrigin);
    if (kind === 'CronJob') {
      setAt(o.node, ['spec', 'jobTemplate', 'metadata', 'annotations'], make(), true, fieldOrigin);
      setAt(o.node, ['spec', 'jobTemplate', 'spec', 'template', 'metadata', 'annotations'], make(), true, fieldOrigin);
    }
  }
}

export interface ImageRule {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
  origin: SourceRef;
}

function splitImage(image: string): { name: string; tag: string; digest: string } {
  let name = image;
  let digest = '';
  const at = name.indexOf('@');
  if (at >= 0) {
    digest = name.slice(at + 1);
    name = name.slice(0, at);
  }
  let tag = '';
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) {
    tag = name.slice(colon + 1);
    name = name.slice(0, colon);
  }
  return { name, tag, digest };
}

export function setImages(objects: KObject[], rules: ImageRule[]): void {
  if (!rules.length) return;
  const visit = (n: TNode, key: string) => {
    if (isTMap(n)) {
      for (const [k, c] of n.v) {
        if ((key === 'containers' || key === 'initContainers') && k === 'image' && isTScalar(c) && typeof c.v === 'string') {
          const img = splitImage(c.v);
          const rule = rules.find((r) => r.name === img.name);
          if (!rule) continue;
          const name = rule.newName ?? img.name;
          let out = name;
          if (rule.digest) out = `${name}@${rule.digest}`;
          else if (rule.newTag) out = `${name}:${rule.newTag}`;
          else out = `${name}${img.tag ? `:${img.tag}` : ''}${img.digest ? `@${img.digest}` : ''}`;
          n.v.set(k, scalarNode(out, rule.origin));
        } else visit(c, k);
      }
    } else if (isTSeq(n)) for (const c of n.v) visit(c, key);
  };
  for (const o of objects) visit(o.node, '');
}

const REPLICA_KINDS = new Set(['Deployment', 'ReplicationController', 'ReplicaSet', 'StatefulSet']);

export function setReplicas(objects: KObject[], name: string, count: TNode): void {
  for (const o of objects) {
    if (!REPLICA_KINDS.has(kindOf(o))) continue;
    if (nameOf(o) !== name && !o.prev.some((p) => p.name === name)) continue;
    ensureMap(o.node, 'spec', o.node.o).v.set('replicas', { v: Number(count.v), o: count.o });
  }
}

/** A field that names another object: the referenced kind, and the referrer kinds and path. */
export interface NameRef {
  kind: string;
  /** Referrer kind ('*' any) and path; `[]` walks a sequence; `=Kind` restricts a sibling `kind` field. */
  referrers: [string, string][];
}

const POD = [
  'Pod:spec',
  'Deployment:spec/template/spec',
  'ReplicaSet:spec/template/spec',
  'DaemonSet:spec/template/spec',
  'StatefulSet:spec/template/spec',
  'Job:spec/template/spec',
  'ReplicationController:spec/template/spec',
  'CronJob:spec/jobTemplate/spec/template/spec',
].map((s) => s.split(':') as [string, string]);
const inPods = (...paths: string[]): [string, string][] => POD.flatMap(([k, root]) => paths.map((p): [string, string] => [k, `${root}/${p}`]));
const containers = (p: string) => ['containers', 'initContainers', 'ephemeralContainers'].map((c) => `${c}[]/${p}`);

export const NAME_REFERENCES: NameRef[] = [
  {
    kind: 'ConfigMap',
    referrers: inPods(
      'volumes[]/configMap/name',
      'volumes[]/projected/sources[]/configMap/name',
      ...containers('env[]/valueFrom/configMapKeyRef/name'),
      ...containers('envFrom[]/configMapRef/name'),
    ),
  },
  {
    kind: 'Secret',
    referrers: [
      ...inPods(
        'volumes[]/secret/secretName',
        'volumes[]/projected/sources[]/secret/name',
        'imagePullSecrets[]/name',
        ...containers('env[]/valueFrom/secretKeyRef/name'),
        ...containers('envFrom[]/secretRef/name'),
      ),
      ['ServiceAccount', 'secrets[]/name'],
      ['ServiceAccount', 'imagePullSecrets[]/name'],
      ['Ingress', 'spec/tls[]/secretName'],
    ],
  },
  {
    kind: 'Service',
    referrers: [
      ['Ingress', 'spec/rules[]/http/paths[]/backend/serviceName'],
      ['Ingress', 'spec/rules[]/http/paths[]/backend/service/name'],
      ['Ingress', 'spec/backend/serviceName'],
      ['Ingress', 'spec/defaultBackend/service/name'],
      ['StatefulSet', 'spec/serviceName'],
      ['APIService', 'spec/service/name'],
      ['ValidatingWebhookConfiguration', 'webhooks[]/clientConfig/service/name'],
      ['MutatingWebhookConfiguration', 'webhooks[]/clientConfig/service/name'],
      ['CustomResourceDefinition', 'spec/conversion/webhook/clientConfig/service/name'],
    ],
  },
  {
    kind: 'ServiceAccount',
    referrers: [
      ...inPods('serviceAccountName', 'serviceAccount'),
      ['RoleBinding', 'subjects[]=ServiceAccount/name'],
      ['ClusterRoleBinding', 'subjects[]=ServiceAccount/name'],
    ],
  },
  { kind: 'Role', referrers: [['RoleBinding', 'roleRef=Role/name']] },
  {
    kind: 'ClusterRole',
    referrers: [
      ['RoleBinding', 'roleRef=ClusterRole/name'],
      ['ClusterRoleBinding', 'roleRef=ClusterRole/name'],
    ],
  },
  { kind: 'PersistentVolumeClaim', referrers: inPods('volumes[]/persistentVolumeClaim/claimName') },
  { kind: 'PriorityClass', referrers: inPods('priorityClassName') },
  { kind: 'Deployment', referrers: [['HorizontalPodAutoscaler', 'spec/scaleTargetRef/name']] },
  { kind: 'StatefulSet', referrers: [['HorizontalPodAutoscaler', 'spec/scaleTargetRef/name']] },
];

/** The nodes at a referrer path (see NameRef), with the mapping holding each. */
function nodesAt(n: TNode | undefined, path: string[], out: [TMap, string][]): void {
  if (!n || !path.length) return;
  const [head, ...rest] = path;
  const m = /^([^[=]*)(\[\])?(?:=(.*))?$/.exec(head)!;
  const key = m[1];
  if (!isTMap(n)) return;
  const next = n.v.get(key);
  if (!next) return;
  const items = m[2] ? (isTSeq(next) ? next.v : []) : [next];
  for (const it of items) {
    if (m[3] && str(child(it, 'kind')) !== m[3]) continue;
    if (!rest.length) {
      if (!m[2]) out.push([n, key]);
    } else if (rest.length === 1 && isTMap(it) && !/[[=]/.test(rest[0])) {
      if (it.v.has(rest[0])) out.push([it, rest[0]]);
    } else nodesAt(it, rest, out);
  }
}

/**
 * Rewrite the names other objects use for renamed objects (prefix, suffix, hash), for the
 * built-in references and those `configurations:` add.
 */
export function fixNameReferences(objects: KObject[], refs: NameRef[]): void {
  for (const target of objects) {
    if (!target.prev.length) continue;
    const kind = kindOf(target);
    if (kind === 'ServiceAccount') fixSubjects(objects, target);
    const name = nameOf(target);
    const oldNames = new Set(target.prev.map((p) => p.name).filter((n) => n !== name));
    if (!oldNames.size) continue;
    const targetNs = new Set([namespaceOf(target), ...target.prev.map((p) => p.namespace)]);
    const nameNode = child(child(target.node, 'metadata'), 'name');
    for (const ref of refs) {
      if (ref.kind !== kind) continue;
      for (const o of objects) {
        const rk = kindOf(o);
        if (!targetNs.has(namespaceOf(o)) && !isClusterScoped(kind) && !isClusterScoped(rk) && rk !== 'RoleBinding') continue;
        for (const [k, path] of ref.referrers) {
          if (k !== '*' && k !== rk) continue;
          const found: [TMap, string][] = [];
          nodesAt(o.node, path.split('/'), found);
          for (const [holder, key] of found) {
            const cur = str(holder.v.get(key));
            if (cur && oldNames.has(cur)) holder.v.set(key, { v: name, o: holder.v.get(key)!.o ?? nameNode?.o });
          }
        }
      }
    }
  }
}

/** RoleBinding and ClusterRoleBinding subjects naming a ServiceAccount of the build follow its name and namespace. */
function fixSubjects(objects: KObject[], sa: KObject): void {
  const names = new Set([nameOf(sa), ...sa.prev.map((p) => p.name)]);
  const namespaces = new Set([namespaceOf(sa), ...sa.prev.map((p) => p.namespace)]);
  const nameNode = child(child(sa.node, 'metadata'), 'name');
  const nsNode = child(child(sa.node, 'metadata'), 'namespace');
  for (const o of objects) {
    const k = kindOf(o);
    if (k !== 'RoleBinding' && k !== 'ClusterRoleBinding') continue;
    for (const s of seq(child(o.node, 'subjects'))) {
      if (!isTMap(s) || str(s.v.get('kind')) !== 'ServiceAccount') continue;
      const n = str(s.v.get('name'));
      const ns = str(s.v.get('namespace')) ?? '';
      if (!n || !names.has(n) || (ns && !namespaces.has(ns))) continue;
      if (n !== nameOf(sa)) s.v.set('name', { v: nameOf(sa), o: s.v.get('name')?.o ?? nameNode!.o });
      if (namespaceOf(sa) && ns !== namespaceOf(sa)) s.v.set('namespace', { v: namespaceOf(sa), o: nsNode?.o ?? s.o });
    }
  }
}

/** Kustomize drops empty or null `metadata.labels` and `metadata.annotations` (it rewrites both on every object). */
export function dropEmptyMetadata(objects: KObject[]): void {
  for (const o of objects) {
    const meta = child(o.node, 'metadata');
    if (!isTMap(meta)) continue;
    for (const k of ['labels', 'annotations']) {
      const v = meta.v.get(k);
      if (v && (v.v === null || (isTMap(v) && !v.v.size))) meta.v.delete(k);
    }
  }
}
