/**
 * The working form of a built object: a JSON tree whose every node keeps the source range it
 * came from. Builders read source documents into trees, transform them, and flatten each
 * finished object into a `BuiltObject` (plain JSON plus a JSON Pointer → source map).
 */
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { YamlDoc } from '../parse';
import type { BuiltObject, SourceRef } from './types';

export type Scalar = string | number | boolean | null;

/** A node: a scalar, a sequence (array of nodes) or a mapping (Map of nodes, in key order). */
export interface TNode {
  v: Scalar | TNode[] | Map<string, TNode>;
  o: SourceRef;
  /** The build could not determine this value (a replacement target). */
  u?: boolean;
}

export type TMap = TNode & { v: Map<string, TNode> };
export type TSeq = TNode & { v: TNode[] };

export const isTMap = (n: TNode | undefined): n is TMap => !!n && n.v instanceof Map;
export const isTSeq = (n: TNode | undefined): n is TSeq => !!n && Array.isArray(n.v);
export const isTScalar = (n: TNode | undefined): n is TNode & { v: Scalar } => !!n && !(n.v instanceof Map) && !Array.isArray(n.v);

/** A scalar's value as a string (numbers and booleans stringified). */
export function str(n: TNode | undefined): string | undefined {
  if (!n || !isTScalar(n) || n.v === null) return undefined;
  return String(n.v);
}

export function child(n: TNode | undefined, key: string): TNode | undefined {
  return isTMap(n) ? n.v.get(key) : undefined;
}

/** Follow a path of keys through mappings. */
export function at(n: TNode | undefined, path: readonly string[]): TNode | undefined {
  let cur = n;
  for (const k of path) {
    cur = child(cur, k);
    if (!cur) return undefined;
  }
  return cur;
}

export function seq(n: TNode | undefined): TNode[] {
  return isTSeq(n) ? n.v : [];
}

export function scalarNode(v: Scalar, o: SourceRef): TNode {
  return { v, o };
}

export function mapNode(o: SourceRef, entries?: Iterable<[string, TNode]>): TMap {
  return { v: new Map(entries), o } as TMap;
}

/** The mapping at `key` of `n`, created (with origin `o`) when absent or not a mapping. */
export function ensureMap(n: TMap, key: string, o: SourceRef): TMap {
  const c = n.v.get(key);
  if (isTMap(c)) return c;
  const m = mapNode(o);
  n.v.set(key, m);
  return m;
}

export function clone(n: TNode): TNode {
  if (n.v instanceof Map) {
    const m = new Map<string, TNode>();
    for (const [k, c] of n.v) m.set(k, clone(c));
    return { v: m, o: n.o, ...(n.u ? { u: true } : {}) };
  }
  if (Array.isArray(n.v)) return { v: n.v.map(clone), o: n.o, ...(n.u ? { u: true } : {}) };
  return { ...n };
}

/** Read a YAML node into a tree; `base` is the absolute offset the node ranges are relative to. */
export function fromYaml(node: unknown, doc: Document, uri: string, base: number, depth = 0): TNode {
  let n = node;
  if (isAlias(n)) {
    try {
      n = n.resolve(doc);
    } catch {
      n = null;
    }
  }
  const r = (n as Node | null)?.range;
  const o: SourceRef = r ? { uri, start: base + r[0], end: base + r[1] } : { uri, start: base, end: base };
  if (depth > 200) return { v: null, o };
  if (isMap(n)) {
    const m = new Map<string, TNode>();
    for (const item of n.items) {
      if (!isPair(item)) continue;
      const k = isScalar(item.key) ? item.key.value : undefined;
      if (k === undefined || (k !== null && typeof k === 'object')) continue;
      if (k === '<<') {
        // A YAML merge key: the merged mapping's entries, then the explicit ones override.
        const src = fromYaml(item.value, doc, uri, base, depth + 1);
        for (const s of isTSeq(src) ? src.v : [src]) if (isTMap(s)) for (const [sk, sv] of s.v) if (!m.has(sk)) m.set(sk, sv);
        continue;
      }
      const key = k === null ? '' : String(k);
      const value = item.value === null || item.value === undefined ? null : item.value;
      if (value === null) {
        const kr = (item.key as Node | null)?.range;
        m.set(key, { v: null, o: kr ? { uri, start: base + kr[0], end: base + kr[1] } : o });
      } else m.set(key, fromYaml(value, doc, uri, base, depth + 1));
    }
    return { v: m, o };
  }
  if (isSeq(n)) return { v: n.items.map((i) => fromYaml(i, doc, uri, base, depth + 1)), o };
  if (isScalar(n)) {
    const v = n.value;
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return { v, o };
    if (typeof v === 'number') return { v, o };
    if (typeof v === 'bigint') return { v: Number(v), o };
    return { v: String(v), o };
  }
  return { v: null, o };
}

/** The trees of a parsed file's documents (empty documents left out). */
export function docTrees(uri: string, docs: readonly YamlDoc[]): TNode[] {
  const out: TNode[] = [];
  for (const d of docs) {
    if (d.doc.contents === null || d.doc.contents === undefined) continue;
    out.push(fromYaml(d.doc.contents, d.doc, uri, d.base));
  }
  return out;
}

/** A plain JSON value into a tree, every node with origin `o`. */
export function fromJson(v: unknown, o: SourceRef): TNode {
  if (Array.isArray(v)) return { v: v.map((x) => fromJson(x, o)), o };
  if (v !== null && typeof v === 'object') {
    const m = new Map<string, TNode>();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) m.set(k, fromJson(x, o));
    return { v: m, o };
  }
  if (v === undefined) return { v: null, o };
  return { v: v as Scalar, o };
}

export function toJson(n: TNode): unknown {
  if (n.v instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, c] of n.v) out[k] = toJson(c);
    return out;
  }
  if (Array.isArray(n.v)) return n.v.map(toJson);
  return n.v;
}

/** A key as a JSON Pointer segment (RFC 6901). */
export const escapePointer = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

/** A finished tree as a BuiltObject: plain value, origins by JSON Pointer, unknown pointers. */
export function flatten(n: TNode): BuiltObject {
  const origins = new Map<string, SourceRef>();
  const unknown: string[] = [];
  const walk = (x: TNode, ptr: string, parent: SourceRef | undefined): unknown => {
    if (x.o !== parent) origins.set(ptr, x.o);
    if (x.u) unknown.push(ptr);
    if (x.v instanceof Map) {
      const out: Record<string, unknown> = {};
      for (const [k, c] of x.v) out[k] = walk(c, `${ptr}/${escapePointer(k)}`, x.o);
      return out;
    }
    if (Array.isArray(x.v)) return x.v.map((c, i) => walk(c, `${ptr}/${i}`, x.o));
    return x.v;
  };
  const value = walk(n, '', undefined) as Record<string, unknown>;
  return unknown.length ? { value, origins, unknown } : { value, origins };
}

/** The source of a built value: the origin of its pointer or of its nearest ancestor (the root's at worst). */
export function originOf(o: BuiltObject, pointer: string): SourceRef {
  for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
    const r = o.origins.get(p);
    if (r) return r;
    if (p === '') return o.origins.get('') as SourceRef;
  }
}
