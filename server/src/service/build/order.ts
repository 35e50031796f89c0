/**
 * The order of a build's output: Kustomize's legacy sort (`kubectl kustomize` prints in it
 * unless `sortOptions.order` is fifo).
 */
import { groupOf, type KObject, kindOf, nameOf, namespaceOf, versionOf } from './transformers';

/** Kustomize's output order (its legacy sort): these kinds first, in this order, webhooks last, then by kind, namespace, name. */
const ORDER_FIRST = [
  'Namespace',
  'ResourceQuota',
  'StorageClass',
  'CustomResourceDefinition',
  'ServiceAccount',
  'PodSecurityPolicy',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ConfigMap',
  'Secret',
  'Endpoints',
  'Service',
  'LimitRange',
  'PriorityClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'Deployment',
  'StatefulSet',
  'CronJob',
  'PodDisruptionBudget',
];
const ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

function rank(kind: string): number {
  const f = ORDER_FIRST.indexOf(kind);
  if (f >= 0) return f - ORDER_FIRST.length;
  const l = ORDER_LAST.indexOf(kind);
  return l >= 0 ? 1 + l : 0;
}

function gvkString(o: KObject): string {
  return `${groupOf(o)}_${versionOf(o)}_${kindOf(o)}`;
}

export function sortObjects(objects: KObject[]): KObject[] {
  return objects
    .map((o, i) => ({ o, i, r: rank(kindOf(o)), g: gvkString(o), id: `${namespaceOf(o)}|${nameOf(o)}` }))
    .sort((a, b) => a.r - b.r || (a.g < b.g ? -1 : a.g > b.g ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) || a.i - b.i)
    .map((x) => x.o);
}
