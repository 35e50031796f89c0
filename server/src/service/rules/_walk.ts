/** Walk every key/value pair of a resource's YAML tree, with its path (shared by the Istio validation rules). */
import { type Document, isMap, isPair, isSeq, type Node, type Pair } from 'yaml';
import { keyName } from '../yamlutil';

export interface Visit {
  pair: Pair<Node, Node | null>;
  key: string;
  value: Node | null;
  path: (string | number)[];
}

export function walkPairs(node: Node | null | undefined, doc: Document, fn: (v: Visit) => void, path: (string | number)[] = [], depth = 0): void {
  if (!node || depth > 64) return;
  if (isMap(node)) {
    for (const p of node.items) {
      if (!isPair(p)) continue;
      const key = keyName(p);
      if (key === undefined) continue;
      const value = (p.value as Node | null) ?? null;
      fn({ pair: p as Pair<Node, Node | null>, key, value, path: [...path, key] });
      walkPairs(value, doc, fn, [...path, key], depth + 1);
    }
  } else if (isSeq(node)) {
    node.items.forEach((it, i) => {
      walkPairs(it as Node, doc, fn, [...path, i], depth + 1);
    });
  }
}

const visitCache = new WeakMap<object, Visit[]>();

/** Every pair of a resource's tree, computed once per resource and shared by the rules that walk it. */
export function pairsOf(res: { node: Node; doc: { doc: Document } }): Visit[] {
  let list = visitCache.get(res);
  if (!list) {
    const acc: Visit[] = [];
    walkPairs(res.node, res.doc.doc, (v) => acc.push(v));
    visitCache.set(res, (list = acc));
  }
  return list;
}
