/**
 * configMapGenerator and secretGenerator: the ConfigMap or Secret a generator entry makes
 * (literals, files, env files; labels, annotations, options), and how it merges with or
 * replaces an object of the same name already in the build (`behavior`).
 */
import { resolveEntry } from '../kustomize';
import { type KObject, kindOf, nameOf, namespaceOf } from './transformers';
import { child, isTMap, mapNode, scalarNode, seq, str, type TMap, type TNode } from './tree';
import type { SourceRef } from './types';

export interface GeneratorOptions {
  labels: [string, TNode][];
  annotations: [string, TNode][];
  disableNameSuffixHash: boolean;
  immutable: boolean;
}

type Problem = (message: string, at?: SourceRef) => void;

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

function unquote(v: string): string {
  if (v.length >= 2 && ((v[0] === '"' && v.endsWith('"')) || (v[0] === "'" && v.endsWith("'")))) return v.slice(1, -1);
  return v;
}

/** KEY=VALUE lines of an env file (comments and blank lines skipped). */
export function parseEnv(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = raw.trimStart();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) out.push([line.trim(), '']);
    else out.push([line.slice(0, eq), line.slice(eq + 1)]);
  }
  return out;
}

/** A generated object, or undefined when the entry is unusable (reported). */
export function generate(
  kind: 'ConfigMap' | 'Secret',
  g: TMap,
  opts: GeneratorOptions,
  dir: string,
  read: (uri: string) => string | undefined,
  problem: Problem,
  resolve: (entry: string, at: SourceRef) => string | undefined = (e) => resolveEntry(dir, e),
): KObject | undefined {
  const nameNode = child(g, 'name');
  const name = str(nameNode);
  if (!name || !nameNode) {
    problem(`a ${kind} generator needs a name`, g.o);
    return undefined;
  }
  let unknown = false;
  const data = mapNode(g.o);
  const put = (k: string, v: string, o: SourceRef) => data.v.set(k, scalarNode(kind === 'Secret' ? base64(v) : v, o));
  const file = (path: string, o: SourceRef): string | undefined => {
    const u = resolve(path, o);
    const t = u ? read(u) : undefined;
    if (t === undefined) {
      unknown = true;
      problem(`${path} could not be read: the ${kind}'s data and name hash are unknown`, o);
    }
    return t;
  };
  for (const e of [...seq(child(g, 'envs')), ...(child(g, 'env') ? [child(g, 'env')!] : [])]) {
    const p = str(e);
    const t = p ? file(p, e.o) : undefined;
    if (t !== undefined) for (const [k, v] of parseEnv(t)) put(k, v, e.o);
  }
  for (const e of seq(child(g, 'literals'))) {
    const s = str(e);
    if (!s) continue;
    const eq = s.indexOf('=');
    if (eq < 0) {
      problem(`literal ${s} is not KEY=VALUE`, e.o);
      continue;
    }
    put(s.slice(0, eq), unquote(s.slice(eq + 1)), e.o);
  }
  for (const e of seq(child(g, 'files'))) {
    const s = str(e);
    if (!s) continue;
    const eq = s.indexOf('=');
    const key = eq >= 0 ? s.slice(0, eq) : s.slice(s.lastIndexOf('/') + 1);
    const t = file(eq >= 0 ? s.slice(eq + 1) : s, e.o);
    if (t !== undefined) put(key, t, e.o);
  }
  const options = child(g, 'options');
  const meta = mapNode(g.o, [['name', nameNode]]);
  const nsNode = child(g, 'namespace');
  if (str(nsNode)) meta.v.set('namespace', nsNode!);
  const labels = [...opts.labels, ...(isTMap(child(options, 'labels')) ? [...(child(options, 'labels') as TMap).v] : [])];
  const annotations = [...opts.annotations, ...(isTMap(child(options, 'annotations')) ? [...(child(options, 'annotations') as TMap).v] : [])];
  if (labels.length) meta.v.set('labels', mapNode(g.o, labels));
  if (annotations.length) meta.v.set('annotations', mapNode(g.o, annotations));
  const node = mapNode(g.o, [
    ['apiVersion', scalarNode('v1', g.o)],
    ['kind', scalarNode(kind, g.o)],
    ['metadata', meta],
  ]);
  if (kind === 'Secret') node.v.set('type', scalarNode(str(child(g, 'type')) ?? 'Opaque', child(g, 'type')?.o ?? g.o));
  node.v.set('data', data);
  if (opts.immutable || str(child(options, 'immutable')) === 'true') node.v.set('immutable', scalarNode(true, g.o));
  if (unknown) data.u = true;
  const disable = str(child(options, 'disableNameSuffixHash'));
  const hash = disable === undefined ? !opts.disableNameSuffixHash : disable !== 'true';
  return { node, prev: [], generated: { hash, behavior: str(child(g, 'behavior')) ?? 'create', unknown } };
}

/** Add a generated object to the build: created, or merged into / replacing the existing one. */
export function mergeGenerated(ra: KObject[], made: KObject, problem: Problem): void {
  const b = made.generated?.behavior;
  const behavior = b === 'merge' || b === 'replace' ? b : 'create';
  const kind = kindOf(made);
  const name = nameOf(made);
  const ns = namespaceOf(made);
  const existing = ra.find((o) => kindOf(o) === kind && (nameOf(o) === name || o.prev.some((p) => p.name === name)) && (namespaceOf(o) === ns || !ns));
  if (behavior === 'create') {
    if (existing && namespaceOf(existing) === ns)
      problem(`${kind} ${name} is generated twice (Kustomize rejects the build; use behavior: merge or replace)`, made.node.o);
    ra.push(made);
    return;
  }
  if (!existing) {
    problem(`${kind} ${name} has behavior ${behavior} but no object of that name is in the build`, made.node.o);
    return;
  }
  if (behavior === 'replace') {
    const keepMeta = existing.node.v.get('metadata');
    existing.node.v = made.node.v;
    if (keepMeta) existing.node.v.set('metadata', keepMeta);
  } else {
    const md = made.node.v.get('data');
    if (isTMap(md)) {
      const ed = existing.node.v.get('data');
      if (isTMap(ed)) for (const [k, v] of md.v) ed.v.set(k, v);
      else existing.node.v.set('data', md);
      if (md.u) existing.node.v.get('data')!.u = true;
    }
    const mm = made.node.v.get('metadata') as TMap;
    const em = existing.node.v.get('metadata') as TMap | undefined;
    for (const key of ['labels', 'annotations']) {
      const add = mm.v.get(key);
      if (!isTMap(add) || !em) continue;
      const cur = em.v.get(key);
      if (isTMap(cur)) for (const [k, v] of add.v) cur.v.set(k, v);
      else em.v.set(key, add);
    }
  }
  if (existing.generated && made.generated) {
    existing.generated.hash = made.generated.hash && existing.generated.hash;
    existing.generated.unknown = existing.generated.unknown || made.generated.unknown;
  }
}
