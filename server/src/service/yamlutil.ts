/** Small helpers over the `yaml` AST that never throw and never expand aliases recursively. */
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';

export type AnyNode = Node | null | undefined;

/** Follow one alias to its anchor; aliases are never expanded recursively, so a "billion laughs" file costs nothing. */
export function deref(node: unknown, doc: Document): AnyNode {
  if (isAlias(node)) {
    try {
      return (node.resolve(doc) as Node | undefined) ?? null;
    } catch {
      return null;
    }
  }
  return node as AnyNode;
}

export function keyName(pair: Pair): string | undefined {
  const k = pair.key;
  if (isScalar(k)) {
    const v = k.value;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return v === null ? '' : undefined;
  }
  return undefined;
}

export function getPair(map: AnyNode, key: string): Pair<Node, Node | null> | undefined {
  if (!isMap(map)) return undefined;
  for (const item of map.items) {
    if (isPair(item) && keyName(item) === key) return item as Pair<Node, Node | null>;
  }
  return undefined;
}

export function get(map: AnyNode, key: string, doc: Document): AnyNode {
  const p = getPair(map, key);
  return p ? deref(p.value, doc) : undefined;
}

export function asMap(node: AnyNode): YAMLMap<Node, Node | null> | undefined {
  return isMap(node) ? (node as YAMLMap<Node, Node | null>) : undefined;
}

export function asSeq(node: AnyNode): YAMLSeq<Node> | undefined {
  return isSeq(node) ? (node as YAMLSeq<Node>) : undefined;
}

/** A scalar's value as a string (numbers and booleans stringified); undefined for anything else. */
export function scalarString(node: AnyNode): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return undefined;
}

export function scalarNumber(node: AnyNode): number | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return undefined;
}

export function isEmptyValue(node: AnyNode): boolean {
  return node === null || node === undefined || (isScalar(node) && (node.value === null || node.value === ''));
}

/** A string → string map (labels, selectors); non-scalar values are skipped. */
export function stringMap(node: AnyNode, doc: Document): Record<string, string> | undefined {
  const m = asMap(node);
  if (!m) return undefined;
  const out: Record<string, string> = {};
  for (const item of m.items) {
    if (!isPair(item)) continue;
    const k = keyName(item);
    const v = scalarString(deref(item.value, doc));
    if (k !== undefined && v !== undefined) out[k] = v;
  }
  return out;
}

export function seqItems(node: AnyNode, doc: Document): Node[] {
  const s = asSeq(node);
  if (!s) return [];
  const out: Node[] = [];
  for (const it of s.items) {
    const d = deref(it, doc);
    if (d) out.push(d);
  }
  return out;
}

export function nodeRange(node: Node | Pair | null | undefined): [number, number] | undefined {
  if (!node) return undefined;
  if (isPair(node)) {
    const k = (node.key as Node | null)?.range;
    const v = (node.value as Node | null)?.range;
    if (k && v) return [k[0], v[1]];
    if (k) return [k[0], k[1]];
    return undefined;
  }
  const r = (node as Node).range;
  return r ? [r[0], r[1]] : undefined;
}

export type { Scalar };
