/**
 * Reading what a kustomization names, for the build (kustomize.ts): the kustomization itself
 * (its first mapping document), resource and patch files from the workspace or as texts
 * (generator inputs, JSON patches), entries resolved against the kustomization's folder under
 * Kustomize's default load restrictor, inline patches with their ranges mapped back into the
 * kustomization, and the problems met on the way. Every file read is an input of the build.
 */
import { parseAllDocuments } from 'yaml';
import { dirOf, KUSTOMIZATION_NAMES, REMOTE, resolveEntry } from '../kustomize';
import type { FileEntry } from '../lookup';
import type { KObject } from './transformers';
import { child, docTrees, fromYaml, isTMap, isTSeq, seq, str, type TMap, type TNode } from './tree';
import type { BuildProblem, SourceRef } from './types';

export type FileSource = (uri: string) => FileEntry | undefined;
/** Text of a file the workspace does not hold as YAML (generator inputs, JSON patches), when it can be had. */
export type TextSource = (uri: string) => string | undefined;

export interface Loaded {
  uri: string;
  /** The kustomization as a tree (its first mapping document). */
  k: TMap;
  dir: string;
}

/** A kustomization's files as the build reads them, and the problems and inputs of the build. */
export class KustomizationReader {
  problems: BuildProblem[] = [];
  inputs = new Set<string>();

  constructor(
    readonly file: FileSource,
    readonly text: TextSource | undefined,
  ) {}

  problem(message: string, at?: SourceRef): void {
    // Messages of failures `kubectl kustomize` has too say that Kustomize rejects the build.
    // (A file outside the folder is refused only under the default load restrictor, which a
    // repository may turn off with --load-restrictor LoadRestrictionsNone: not certain.)
    const rejects = /\bKustomize rejects\b/i.test(message);
    this.problems.push({ message, ...(at ? { at } : {}), ...(rejects ? { rejects } : {}) });
  }

  load(uri: string, from?: SourceRef): Loaded | undefined {
    const entry = this.file(uri);
    if (!entry) {
      this.problem(`kustomization ${uri} is not in the workspace`, from);
      return undefined;
    }
    this.inputs.add(uri);
    const docs = entry.docs.length ? entry.docs : entry.facts.parsed;
    const k = docTrees(uri, docs).find(isTMap) as TMap | undefined;
    if (!k?.v.size || [...k.v.keys()].every((x) => x === 'apiVersion' || x === 'kind')) {
      this.problem(k ? 'the kustomization is empty' : 'the kustomization is not a YAML mapping', { uri, start: 0, end: Math.min(entry.text.length, 1) });
      return undefined;
    }
    for (const doc of docs)
      for (const e of doc.doc.errors) {
        this.problem(`YAML error in the kustomization: ${e.message.split('\n')[0]}`, { uri, start: doc.base + e.pos[0], end: doc.base + e.pos[1] });
        break;
      }
    return { uri, k, dir: dirOf(uri) };
  }

  /** The trees of a YAML file's documents (a workspace file, or a text read through `text`). */
  readDocs(uri: string, from: SourceRef): TNode[] | undefined {
    const entry = this.file(uri);
    if (entry) {
      this.inputs.add(uri);
      const name = uri.slice(uri.lastIndexOf('/') + 1);
      if (entry.skipped === 'template') {
        // Skipped by the analysis as a template, but kustomize reads it as YAML: so does the build.
        const docs = parseAllDocuments(entry.text);
        if (docs.some((d) => d.errors.length)) {
          this.problem(`${name} is not YAML (a template?): kustomize cannot read it`, from);
          return [];
        }
        return docs.map((d) => fromYaml(d.contents, d, uri, 0));
      }
      if (entry.skipped) {
        this.problem(`${name} is over the analysis bounds (${entry.skipped}): its objects are left out of the build`, from);
        return [];
      }
      return docTrees(uri, entry.docs.length ? entry.docs : entry.facts.parsed);
    }
    const text = this.text?.(uri);
    if (text === undefined) return undefined;
    this.inputs.add(uri);
    return parseAllDocuments(text).map((d) => fromYaml(d.contents, d, uri, 0));
  }

  readText(uri: string): string | undefined {
    const entry = this.file(uri);
    if (entry) {
      this.inputs.add(uri);
      return entry.text;
    }
    const t = this.text?.(uri);
    if (t !== undefined) this.inputs.add(uri);
    return t;
  }

  /** A kustomization folder's kustomization file, if the workspace holds one. */
  kustomizationIn(folder: string): string | undefined {
    return KUSTOMIZATION_NAMES.map((n) => folder + n).find((u) => this.file(u));
  }

  resolve(l: Loaded, entry: string, at: SourceRef): string | undefined {
    if (REMOTE.test(entry)) {
      this.problem(`remote base ${entry} is outside the workspace`, at);
      return undefined;
    }
    const u = resolveEntry(l.dir, entry);
    if (!u) this.problem(`cannot resolve ${entry}`, at);
    return u;
  }

  /** A file a kustomization reads (patch, configuration, generator input): kustomize's default load restrictor keeps it in the kustomization's folder. */
  resolveFile(l: Loaded, entry: string, at: SourceRef): string | undefined {
    const u = this.resolve(l, entry, at);
    if (u && !u.startsWith(l.dir)) this.problem(`${entry} is outside the kustomization's folder (kustomize's default load restrictor rejects it)`, at);
    return u;
  }

  patchFile(l: Loaded, path: string, from: SourceRef): TNode[] | undefined {
    const u = this.resolveFile(l, path, from);
    if (!u) return undefined;
    const docs = this.readDocs(u, from);
    if (!docs) this.problem(`patch ${path} is not in the workspace`, from);
    return docs;
  }

  /** An inline patch (a block scalar in the kustomization): parsed, with ranges mapped back into the kustomization. */
  inline(node: TNode, value: string): TNode[] {
    const entry = this.file(node.o.uri);
    const src = entry ? entry.text.slice(node.o.start, node.o.end) : '';
    const map = inlineOffsets(src, node.o.start, value);
    return parseAllDocuments(value).map((d) => remap(fromYaml(d.contents, d, node.o.uri, 0), map, new Set()));
  }
}

/** Objects of a resource document (a `List` gives its items). */
export function toObjects(d: TNode, problem: (m: string, at?: SourceRef) => void): KObject[] {
  if (!isTMap(d)) return [];
  const kind = str(child(d, 'kind'));
  if (!kind) {
    problem('a resource without kind', d.o);
    return [];
  }
  if (kind.endsWith('List') && isTSeq(child(d, 'items'))) return seq(child(d, 'items')).flatMap((i) => toObjects(i, problem));
  return [{ node: d, prev: [] }];
}

/** Offsets of an inline patch's value mapped into the kustomization's text (block scalars line by line). */
function inlineOffsets(src: string, base: number, value: string): (offset: number) => number {
  if (!/^[|>]/.test(src)) return () => base;
  const srcLines: number[] = [];
  let indent = -1;
  let pos = src.indexOf('\n') + 1;
  while (pos > 0 && pos <= src.length) {
    const end = src.indexOf('\n', pos);
    const line = src.slice(pos, end < 0 ? src.length : end);
    if (line.trim() && indent < 0) indent = line.length - line.trimStart().length;
    srcLines.push(pos);
    if (end < 0) break;
    pos = end + 1;
  }
  const valueLines = [0];
  for (let i = value.indexOf('\n'); i >= 0; i = value.indexOf('\n', i + 1)) valueLines.push(i + 1);
  const ind = Math.max(indent, 0);
  return (offset) => {
    let lo = 0;
    let hi = valueLines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (valueLines[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    const ls = srcLines[lo];
    return ls === undefined ? base + src.length : base + ls + ind + (offset - valueLines[lo]);
  };
}

function remap(n: TNode, map: (offset: number) => number, seen: Set<SourceRef>): TNode {
  if (!seen.has(n.o)) {
    seen.add(n.o);
    n.o.start = map(n.o.start);
    n.o.end = map(n.o.end);
  }
  if (n.v instanceof Map) for (const c of n.v.values()) remap(c, map, seen);
  else if (Array.isArray(n.v)) for (const c of n.v) remap(c, map, seen);
  return n;
}
