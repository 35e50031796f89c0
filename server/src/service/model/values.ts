/** The value shape every view of the resource model shares: a string with the YAML node it was read from. */
import type { Document, Node } from 'yaml';
import { type AnyNode, scalarString, seqItems } from '../yamlutil';

export interface Str {
  value: string;
  node: Node;
}

export function str(node: AnyNode): Str | undefined {
  const v = scalarString(node);
  return v !== undefined && node ? { value: v, node } : undefined;
}

export function strList(node: AnyNode, doc: Document): Str[] {
  const out: Str[] = [];
  for (const it of seqItems(node, doc)) {
    const s = str(it);
    if (s) out.push(s);
  }
  return out;
}
