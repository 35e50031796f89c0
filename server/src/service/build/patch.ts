/**
 * The patches Kustomize applies, on origin-keeping trees: strategic merge (with the list merge
 * keys of built-in kinds; for other kinds, custom resources such as VirtualService, it is a JSON
 * merge (RFC 7386) in effect: mappings merge, lists are replaced whole, null deletes) and JSON
 * 6902 operations.
 * A patched value keeps the patch's source range.
 */
import { clone, isTMap, isTScalar, isTSeq, type TMap, type TNode } from './tree';

const POD_SPEC_ROOTS: Record<string, string> = {
  Pod: 'spec',
  Deployment: 'spec/template/spec',
  ReplicaSet: 'spec/template/spec',
  StatefulSet: 'spec/template/spec',
  DaemonSet: 'spec/template/spec',
  Job: 'spec/template/spec',
  ReplicationController: 'spec/template/spec',
  PodTemplate: 'template/spec',
  CronJob: 'spec/jobTemplate/spec/template/spec',
};

const POD_SPEC_LISTS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
};

const CONTAINER_LISTS: Record<string, string> = {
  ports: 'containerPort',
  env: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  resizePolicy: 'resourceName',
};

/** A list's merge key (or '' for a set-merged list of scalars) in a built-in kind; undefined when the list is replaced. */
export function mergeKey(kind: string, path: readonly string[]): string | undefined {
  const p = path.join('/');
  if (p === 'metadata/ownerReferences') return 'uid';
  if (p === 'metadata/finalizers') return '';
  if (kind === 'Service' && p === 'spec/ports') return 'port';
  if (kind === 'Endpoints' && p === 'subsets') return undefined;
  const root = POD_SPEC_ROOTS[kind];
  if (!root || !p.startsWith(`${root}/`)) return undefined;
  const rest = p.slice(root.length + 1).split('/');
  if (rest.length === 1) return POD_SPEC_LISTS[rest[0]];
  if (rest.length === 2 && (rest[0] === 'containers' || rest[0] === 'initContainers' || rest[0] === 'ephemeralContainers')) return CONTAINER_LISTS[rest[1]];
  return undefined;
}

const directive = (n: TNode | undefined) => (isTMap(n) ? (n.v.get('$patch')?.v as string | undefined) : undefined);

function withoutDirectives(n: TNode): TNode {
  if (isTMap(n)) {
    const m = new Map<string, TNode>();
    for (const [k, c] of n.v) if (!k.startsWith('$')) m.set(k, withoutDirectives(c));
    return { v: m, o: n.o };
  }
  if (isTSeq(n))
    return {
      v: n.v.filter((c) => directive(c) !== 'delete' && !(isTMap(c) && [...c.v.keys()].every((k) => String(k).startsWith('$')))).map(withoutDirectives),
      o: n.o,
    };
  return clone(n);
}

const sameScalar = (a: TNode | undefined, b: TNode | undefined) => !!a && !!b && isTScalar(a) && isTScalar(b) && String(a.v) === String(b.v);

/**
 * Merge a strategic merge patch into `target` (mutated). Returns false when the patch deletes
 * the object as a whole (`$patch: delete` at its root).
 */
export function strategicMerge(target: TMap, patch: TMap, kind: string): boolean {
  const d = directive(patch);
  if (d === 'delete') return false;
  if (d === 'replace') {
    target.v = (withoutDirectives(patch) as TMap).v;
    return true;
  }
  mergeMap(target, patch, kind, []);
  dropNulls(target, true);
  return true;
}

/** kyaml leaves no null-valued field in a merged object (`metadata.creationTimestamp: null` excepted, as kubectl prints it). */
function dropNulls(n: TNode, top = false): void {
  if (isTMap(n)) {
    for (const [k, c] of n.v) {
      if (c.v === null) n.v.delete(k);
      else if (top && k === 'metadata' && isTMap(c)) {
        for (const [mk, mv] of c.v) if (mv.v === null && mk !== 'creationTimestamp') c.v.delete(mk);
        for (const mv of c.v.values()) dropNulls(mv);
      } else dropNulls(c);
    }
  } else if (isTSeq(n)) for (const c of n.v) dropNulls(c);
}

function mergeMap(target: TMap, patch: TMap, kind: string, path: string[]): void {
  for (const [k, pv] of patch.v) {
    if (k.startsWith('$')) continue;
    if (pv.v === null) {
      target.v.delete(k);
      continue;
    }
    const tv = target.v.get(k);
    const d = directive(pv);
    if (d === 'delete') {
      target.v.delete(k);
      continue;
    }
    if (d === 'replace' || !tv) {
      target.v.set(k, withoutDirectives(pv));
      continue;
    }
    if (isTMap(pv) && isTMap(tv)) {
      mergeMap(tv, pv, kind, [...path, k]);
      // A mapping the patch emptied by deleting its keys goes, as kyaml drops it.
      if (!tv.v.size && pv.v.size) target.v.delete(k);
      continue;
    }
    if (isTSeq(pv) && isTSeq(tv)) {
      const key = mergeKey(kind, [...path, k]);
      if (key === undefined || pv.v.some((e) => directive(e) === 'replace')) {
        target.v.set(k, withoutDirectives(pv));
      } else if (key === '') {
        for (const e of pv.v) if (!tv.v.some((t) => sameScalar(t, e))) tv.v.push(clone(e));
      } else mergeList(tv, pv, key, kind, [...path, k]);
      continue;
    }
    target.v.set(k, withoutDirectives(pv));
  }
}

/** An associative list merge as kyaml does it: the patch's elements first (merged into their match), then the target's other elements. */
function mergeList(target: TNode & { v: TNode[] }, patch: TNode & { v: TNode[] }, key: string, kind: string, path: string[]): void {
  const rest = [...target.v];
  const out: TNode[] = [];
  for (const e of patch.v) {
    if (!isTMap(e)) {
      out.push(clone(e));
      continue;
    }
    const kv = e.v.get(key);
    const i = kv ? rest.findIndex((t) => isTMap(t) && sameScalar(t.v.get(key), kv)) : -1;
    const match = i >= 0 ? rest.splice(i, 1)[0] : undefined;
    if (directive(e) === 'delete') continue;
    if (match && isTMap(match) && directive(e) !== 'replace') {
      mergeMap(match, e, kind, path);
      out.push(match);
    } else out.push(withoutDirectives(e));
  }
  target.v = [...out, ...rest];
}

const unescapePointer = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');

/** Apply JSON 6902 operations; returns an error message for the first operation that fails. */
export function jsonPatch(root: TMap, ops: TNode[]): string | undefined {
  for (const op of ops) {
    if (!isTMap(op)) return 'a JSON patch operation must be a mapping';
    const name = String(op.v.get('op')?.v ?? '');
    const path = op.v.get('path')?.v;
    if (typeof path !== 'string') return `operation ${name} has no path`;
    const err = applyOp(root, name, path, op.v.get('value'), op.v.get('from')?.v);
    if (err) return err;
  }
  return undefined;
}

function parent(root: TNode, path: string): { container: TNode; key: string } | string {
  if (path === '') return 'the root cannot be patched';
  if (!path.startsWith('/')) return `path ${path} does not start with /`;
  const parts = path.slice(1).split('/').map(unescapePointer);
  let cur: TNode | undefined = root;
  for (const p of parts.slice(0, -1)) {
    if (isTMap(cur)) cur = cur.v.get(p);
    else if (isTSeq(cur)) cur = cur.v[Number(p)];
    else cur = undefined;
    if (!cur) return `path ${path} does not exist`;
  }
  return { container: cur, key: parts[parts.length - 1] };
}

function getAt(root: TNode, path: string): TNode | undefined {
  const p = parent(root, path);
  if (typeof p === 'string') return path === '' ? root : undefined;
  if (isTMap(p.container)) return p.container.v.get(p.key);
  if (isTSeq(p.container)) return p.container.v[Number(p.key)];
  return undefined;
}

function equal(a: TNode, b: TNode): boolean {
  if (isTMap(a) && isTMap(b)) return a.v.size === b.v.size && [...a.v].every(([k, v]) => b.v.has(k) && equal(v, b.v.get(k)!));
  if (isTSeq(a) && isTSeq(b)) return a.v.length === b.v.length && a.v.every((v, i) => equal(v, b.v[i]));
  return !isTMap(a) && !isTSeq(a) && !isTMap(b) && !isTSeq(b) && a.v === b.v;
}

function applyOp(root: TMap, op: string, path: string, value: TNode | undefined, from: unknown): string | undefined {
  if (op === 'test') {
    const cur = getAt(root, path);
    return cur && value && equal(cur, value) ? undefined : `test at ${path} failed`;
  }
  if (op === 'move' || op === 'copy') {
    if (typeof from !== 'string') return `operation ${op} has no from`;
    const v = getAt(root, from);
    if (!v) return `path ${from} does not exist`;
    if (op === 'move') {
      const err = applyOp(root, 'remove', from, undefined, undefined);
      if (err) return err;
    }
    return applyOp(root, 'add', path, op === 'copy' ? clone(v) : v, undefined);
  }
  const p = parent(root, path);
  if (typeof p === 'string') return p;
  const { container, key } = p;
  if (op === 'add' || op === 'replace') {
    if (!value) return `operation ${op} at ${path} has no value`;
    const v = clone(value);
    if (isTMap(container)) {
      if (op === 'replace' && !container.v.has(key)) return `path ${path} does not exist`;
      container.v.set(key, v);
      return undefined;
    }
    if (isTSeq(container)) {
      const i = key === '-' ? container.v.length : Number(key);
      if (!Number.isInteger(i) || i < 0 || i > container.v.length || (op === 'replace' && i >= container.v.length))
        return `index ${key} is out of range at ${path}`;
      if (op === 'add') container.v.splice(i, 0, v);
      else container.v[i] = v;
      return undefined;
    }
    return `path ${path} does not exist`;
  }
  if (op === 'remove') {
    if (isTMap(container) && container.v.has(key)) {
      container.v.delete(key);
      return undefined;
    }
    const i = Number(key);
    if (isTSeq(container) && Number.isInteger(i) && i >= 0 && i < container.v.length) {
      container.v.splice(i, 1);
      return undefined;
    }
    return `path ${path} does not exist`;
  }
  return `unknown operation ${op}`;
}
