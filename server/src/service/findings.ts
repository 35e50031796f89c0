/**
 * The identity of a finding: `rule|resource|path`, where `resource` is the resource's key
 * (`Kind/namespace/name`, or `doc<N>` for an unnamed object: its document's index, and its item
 * in a `kind: List`) and `path` the YAML path of the node the finding starts at within that
 * resource (`spec.http[0].route[1].destination`). Two findings of one rule at one path get
 * `#2`, `#3`… in file order. Stable across edits elsewhere in the file: an id names what a
 * finding is about, not where it is. Every surface finds a finding again by its id (diagnostics
 * carry it in their `data`; see actions/quickfix.ts fixesFor).
 */
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { FileEntry } from './lookup';
import { type Resource, span } from './model';
import type { Finding } from './types';
import { keyName, nodeRange } from './yamlutil';

/** Give every finding of `file` its id (the list as the file shows it: the disambiguator counts in this order). */
export function identifyFindings(file: FileEntry | undefined, findings: Finding[]): void {
  const seen = new Map<string, number>();
  for (const f of findings) {
    const base = findingAddress(file && f.uri === file.uri ? file : undefined, f);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    f.id = n === 1 ? base : `${base}#${n}`;
  }
}

/**
 * The innermost resource of `file` holding `offset` (the last in file order, so a List item
 * before its List document). Resources are in file order, their starts ascending: a binary
 * search finds the last that starts at or before `offset`, and only those are candidates.
 */
function resourceHolding(file: FileEntry, offset: number): Resource | undefined {
  const list = file.resources;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (span(list[mid], list[mid].node)[0] <= offset) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo - 1; i >= 0; i--) if (offset <= span(list[i], list[i].node)[1]) return list[i];
  return undefined;
}

/** `rule|resource|path` of one finding (without its disambiguator). */
function findingAddress(file: FileEntry | undefined, f: Finding): string {
  if (!file) return `${f.rule}||@${f.start}`;
  const res = resourceHolding(file, f.start);
  if (res) return `${f.rule}|${resourceName(res)}|${pathAt(res.node, f.start - res.doc.base)}`;
  // Outside every resource (a syntax error, a file-level finding): its document and the offset within it.
  let doc: { index: number; base: number } | undefined;
  for (const d of file.docs) if (d.base <= f.start) doc = d;
  return doc ? `${f.rule}|doc${doc.index}|@${f.start - doc.base}` : `${f.rule}||@${f.start}`;
}

function resourceName(res: Resource): string {
  if (res.name !== undefined) return res.key;
  return `doc${res.doc.index}${res.listIndex !== undefined ? `[${res.listIndex}]` : ''}`;
}

/** The YAML path of the innermost node holding `offset` (relative to the document), from `root`. */
function pathAt(root: Node, offset: number): string {
  let path = '';
  let node: unknown = root;
  for (let depth = 0; depth < 64; depth++) {
    if (isMap(node)) {
      const pair = node.items.find((p) => {
        const r = nodeRange(p);
        return r && offset >= r[0] && offset <= r[1];
      });
      if (!pair) break;
      const key = keyName(pair) ?? '?';
      path += /^[A-Za-z_][\w-]*$/.test(key) ? `${path ? '.' : ''}${key}` : `[${JSON.stringify(key)}]`;
      const k = nodeRange(pair.key as Node | null);
      if (k && offset <= k[1] && offset >= k[0]) return `${path}:key`;
      node = pair.value;
    } else if (isSeq(node)) {
      const i = node.items.findIndex((item) => {
        const r = nodeRange(isPair(item) ? item : (item as Node | null));
        return r && offset >= r[0] && offset <= r[1];
      });
      if (i < 0) break;
      path += `[${i}]`;
      node = node.items[i];
    } else break;
    if (isScalar(node)) break;
  }
  return path;
}
