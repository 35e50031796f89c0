/**
 * Builds in the index: each build (a Kustomize build, a rendered Helm chart; see build/types.ts)
 * is analysed as one virtual file holding the objects it applies, and every finding on it is
 * moved back to the source line that produced the value (the base file, the patch, the
 * template). Links of a build resolve first among its own objects, then in the rest of the
 * workspace, never against the raw copies of its own input files.
 *
 *  - `materialize` writes a build's objects as YAML (one document per object), parses them
 *    into resources, and keeps what is needed to map an offset of that text back to a source.
 *  - `BuildLookup` is the Lookup a build's rules see.
 *  - `mapFinding` moves a finding (and its related locations) to the sources.
 */
import { isMap, isScalar, isSeq, type Node, stringify } from 'yaml';
import { escapePointer, originOf } from '../build/tree';
import type { Build, BuiltObject, SourceRef } from '../build/types';
import type { FileEntry, Lookup, TextFacts } from '../lookup';
import { extractResources, type Resource } from '../model';
import { parseDocuments, type YamlDoc } from '../parse';
import type { MeshSettings } from '../settings';
import { LineIndex } from '../text';
import type { Finding, RelatedInfo } from '../types';
import { ResourceIndex } from './resources';

/** URI scheme of the virtual file that holds a build's objects. Never shown: findings are moved to their sources. */
const BUILD_SCHEME = 'mesh-build:';

export function buildUri(id: string): string {
  return `${BUILD_SCHEME}${id}`;
}

export function isBuildUri(uri: string): boolean {
  return uri.startsWith(BUILD_SCHEME);
}

/**
 * The build file of a build URI. A built object's resource carries `<build uri>#<index>` as its
 * URI (so messages can name the source file of that object); its offsets are in the build's text.
 */
export function buildFileUri(uri: string): string {
  const hash = uri.indexOf('#', BUILD_SCHEME.length);
  return hash === -1 ? uri : uri.slice(0, hash);
}

/** The index of the built object a resource URI names, if it names one. */
function objectIndex(uri: string): number | undefined {
  const hash = uri.indexOf('#', BUILD_SCHEME.length);
  return hash === -1 ? undefined : Number(uri.slice(hash + 1));
}

export interface BuildFile {
  build: Build;
  uri: string;
  entry: FileEntry;
  /** The objects analysed as built, one per document of `entry` (see PASS_THROUGH). */
  objects: BuiltObject[];
  /** Per document (= per object): intervals of its nodes, computed on first use. */
  intervals: (Interval[] | undefined)[];
}

interface Interval {
  start: number;
  end: number;
  pointer: string;
  /** What the interval covers: a `key: value` pair, the key alone, or a value (a sequence item too). */
  part: 'pair' | 'key' | 'value';
  /** The key, for a pair or a key. */
  key?: string;
}

const EMPTY_FACTS: TextFacts = { parsed: [], pasted: [], checkText: false, checkLimits: false };

/**
 * Kinds checked in their source files rather than as built: no rule links to them, and what a
 * build does to them (a namespace, labels, a name prefix) changes none of their findings. Their
 * objects are the bulk of large builds (CustomResourceDefinitions, dashboards in ConfigMaps),
 * so leaving them out of the build's text keeps a build's cost near that of its routing config.
 */
export const PASS_THROUGH = new Set([
  'CustomResourceDefinition',
  'ConfigMap',
  'Secret',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'ServiceAccount',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'APIService',
  'PriorityClass',
  'PodSecurityPolicy',
  'StorageClass',
]);

/** An object written as YAML and parsed, shared by every build that applies the same object. */
export type MaterialCache = Map<string, { text: string; doc: YamlDoc['doc'] | undefined }>;

/** The objects of a build as one YAML text, parsed into resources. */
export function materialize(build: Build, settings: MeshSettings, cache: MaterialCache = new Map()): BuildFile {
  const uri = buildUri(build.id);
  let text = '';
  const docs: YamlDoc[] = [];
  const objects: BuiltObject[] = [];
  for (const o of build.objects) {
    if (PASS_THROUGH.has(String(o.value.kind))) continue;
    const key = JSON.stringify(o.value);
    let m = cache.get(key);
    if (!m) {
      const t = stringify(o.value, { lineWidth: 0, aliasDuplicateObjects: false });
      m = { text: t, doc: parseDocuments(t).docs[0]?.doc };
      cache.set(key, m);
    }
    if (!m.doc) continue;
    if (text) text += '---\n';
    docs.push({ base: text.length, chunk: m.text, doc: m.doc, index: docs.length });
    objects.push(o);
    text += m.text;
  }
  const resources: Resource[] = [];
  for (const yd of docs) resources.push(...extractResources(`${uri}#${yd.index}`, yd, { fallback: settings.defaultNamespace }));
  const entry: FileEntry = {
    uri,
    text,
    analysisText: text,
    lines: new LineIndex(text),
    docs,
    resources,
    kubernetes: resources.length > 0,
    facts: EMPTY_FACTS,
  };
  return { build, uri, entry, objects, intervals: docs.map(() => undefined) };
}

function collect(node: Node | null | undefined, pointer: string, base: number, out: Interval[]): void {
  if (!node) return;
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      const k = isScalar(key) ? String(key.value) : '';
      const p = `${pointer}/${escapePointer(k)}`;
      const value = pair.value as Node | null;
      const kr = key?.range;
      const vr = value?.range;
      if (kr) out.push({ start: base + kr[0], end: base + (vr ? vr[1] : kr[1]), pointer: p, part: 'pair', key: k });
      if (kr) out.push({ start: base + kr[0], end: base + kr[1], pointer: p, part: 'key', key: k });
      if (vr) out.push({ start: base + vr[0], end: base + vr[1], pointer: p, part: 'value' });
      collect(value, p, base, out);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const n = item as Node | null;
      const p = `${pointer}/${i}`;
      if (n?.range) out.push({ start: base + n.range[0], end: base + n.range[1], pointer: p, part: 'value' });
      collect(n, p, base, out);
    });
  }
}

/**
 * The built object a range of the build's text lies in, and the smallest node (or `key: value`
 * pair) of it that holds the whole range; with `loose`, else the smallest holding its start.
 */
function nodeAt(bf: BuildFile, start: number, end: number, loose: boolean): { obj: BuiltObject; best: Interval | undefined } | undefined {
  const docs = bf.entry.docs;
  let i = docs.length - 1;
  while (i > 0 && docs[i].base > start) i--;
  const yd = docs[i];
  const obj = bf.objects[i];
  if (!yd || !obj) return undefined;
  let intervals = bf.intervals[i];
  if (!intervals) {
    intervals = [];
    collect(yd.doc.contents as Node | null, '', yd.base, intervals);
    bf.intervals[i] = intervals;
  }
  const smallest = (holds: (iv: Interval) => boolean) => {
    let best: Interval | undefined;
    for (const iv of intervals) if (holds(iv) && (!best || iv.end - iv.start < best.end - best.start)) best = iv;
    return best;
  };
  const best = smallest((iv) => iv.start <= start && end <= iv.end) ?? (loose ? smallest((iv) => iv.start <= start && start < iv.end) : undefined);
  return { obj, best };
}

/** Where a range of the build's text came from. */
function mapRange(bf: BuildFile, start: number, end: number, source: (uri: string) => FileEntry | undefined): SourceRef | undefined {
  const at = nodeAt(bf, start, end, true);
  if (!at) return undefined;
  const { obj, best } = at;
  const pointer = best?.pointer ?? '';
  const ref = originOf(obj, pointer);
  if (!ref) return undefined;
  if (obj.origins.has(pointer)) return best?.key !== undefined && best.part !== 'value' ? withKey(ref, best.key, best.part, source) : ref;
  // Inherited from an enclosing node: point at its first line rather than at all of it.
  const text = source(ref.uri)?.text;
  if (!text) return ref;
  const eol = text.indexOf('\n', ref.start);
  const lineEnd = eol === -1 ? ref.end : Math.min(ref.end, eol);
  return { uri: ref.uri, start: ref.start, end: Math.max(ref.start, lineEnd) };
}

/**
 * A finding on a key (or a whole `key: value` pair) of a built object, where the origin is the
 * value's range: widened back to the key when the source writes it just before the value.
 */
function withKey(ref: SourceRef, key: string, part: 'pair' | 'key', source: (uri: string) => FileEntry | undefined): SourceRef {
  const text = source(ref.uri)?.text;
  if (!text) return ref;
  // Back from the value: blanks (a block value starts on a later line), the colon, the key.
  let i = ref.start - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  if (text[i] !== ':') return ref;
  i--;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  const quote = text[i] === '"' || text[i] === "'" ? text[i] : '';
  const end = i + 1;
  const start = end - key.length - quote.length * 2;
  if (start < 0 || text.slice(start + quote.length, end - quote.length) !== key || (quote && text[start] !== quote)) return ref;
  return part === 'key' ? { uri: ref.uri, start, end } : { uri: ref.uri, start, end: ref.end };
}

/** A build's finding, moved to the source that produced what it points at. */
export function mapFinding(
  bf: BuildFile,
  f: Finding,
  source: (uri: string) => FileEntry | undefined,
  otherBuild: (uri: string) => BuildFile | undefined,
): Finding | undefined {
  const at = buildFileUri(f.uri) === bf.uri ? mapRange(bf, f.start, f.end, source) : { uri: f.uri, start: f.start, end: f.end };
  if (!at || !source(at.uri)) return undefined;
  let related: RelatedInfo[] | undefined;
  if (f.related) {
    related = [];
    for (const r of f.related) {
      const file = buildFileUri(r.uri);
      const b = isBuildUri(r.uri) ? (file === bf.uri ? bf : otherBuild(file)) : undefined;
      const m = b ? mapRange(b, r.start, r.end, source) : r;
      if (m) related.push({ ...r, uri: m.uri, start: m.start, end: m.end });
    }
  }
  return { ...f, uri: at.uri, start: at.start, end: at.end, ...(related ? { related } : {}), built: { build: bf.build.id, finding: f } };
}

/**
 * The lookups a build's rules make: its own objects first; for a key none of them provides,
 * the rest of the workspace, leaving out the raw copies of the build's own input files (the
 * build applies those, transformed) and preferring the copy nearest the build's root.
 */
export class BuildLookup extends ResourceIndex implements Lookup {
  private inputs: Set<string>;

  constructor(
    private bf: BuildFile,
    private ws: Lookup & {
      nearest(list: readonly Resource[], from: string): readonly Resource[];
      builtBy(key: string): string[];
    },
  ) {
    super();
    this.inputs = new Set(bf.build.inputs);
    for (const r of bf.entry.resources) this.provide(r);
  }

  get settings(): MeshSettings {
    return this.ws.settings;
  }

  override lookup(key: string): readonly Resource[] {
    const own = super.lookup(key);
    if (own.length) return own;
    const all = this.ws.lookup(key);
    if (!all.length) return all;
    const outside = all.filter((r) => !this.inputs.has(r.uri));
    return this.ws.nearest(outside, this.bf.build.root);
  }

  private renames: Map<string, Resource> | undefined;

  renamedTo(kind: string, namespace: string, name: string): Resource | undefined {
    if (!this.renames) {
      this.renames = new Map();
      for (const r of this.bf.entry.resources) {
        const i = objectIndex(r.uri);
        const ref = i === undefined ? undefined : this.bf.objects[i]?.origins.get('/metadata/name');
        const text = ref && this.ws.getFile(ref.uri)?.text;
        if (!ref || text === undefined || !r.name) continue;
        const was = text
          .slice(ref.start, ref.end)
          .trim()
          .replace(/^(["'])(.*)\1$/, '$2');
        if (was && was !== r.name && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(was)) this.renames.set(`${r.kind}/${r.namespace}/${was}`, r);
      }
    }
    return this.renames.get(`${kind}/${namespace}/${name}`);
  }

  builtElsewhere(kind: string, namespace: string, name: string): boolean {
    return this.ws.builtBy(`${kind}/${namespace}/${name}`).some((v) => v !== this.bf.uri);
  }

  private own(uri: string): boolean {
    return isBuildUri(uri) && buildFileUri(uri) === this.bf.uri;
  }

  getFile(uri: string): FileEntry | undefined {
    return this.own(uri) ? this.bf.entry : this.ws.getFile(uri);
  }

  hasFile(uri: string): boolean {
    return this.own(uri) || this.ws.hasFile(uri);
  }

  fileUris(): string[] {
    return this.ws.fileUris();
  }

  allFiles(): IterableIterator<FileEntry> {
    return this.ws.allFiles();
  }

  *allResources(): IterableIterator<Resource> {
    yield* this.bf.entry.resources;
    for (const r of this.ws.allResources()) if (!this.inputs.has(r.uri)) yield r;
  }

  applyUnits(uri: string): string[] {
    return this.own(uri) ? [`build:${this.bf.build.id}`] : this.ws.applyUnits(uri);
  }

  sameApplyUnit(a: string, b: string): boolean {
    if (this.own(a) || this.own(b)) return this.own(a) && this.own(b);
    return this.ws.sameApplyUnit(a, b);
  }

  applyUnitKind(a: string, b: string): 'file' | 'build' | 'dir' | undefined {
    if (this.own(a) || this.own(b)) return this.own(a) && this.own(b) ? 'build' : undefined;
    return this.ws.applyUnitKind(a, b);
  }

  applyNamespace(uri: string): string | undefined {
    return this.own(uri) ? (this.bf.build.namespace ?? this.ws.settings.defaultNamespace) : this.ws.applyNamespace(uri);
  }

  /** A built object is named by the file it comes from (its base file), the build by its root. */
  relativePath(uri: string): string {
    if (!this.own(uri)) return this.ws.relativePath(uri);
    const i = objectIndex(uri);
    const from = i === undefined ? undefined : this.bf.objects[i]?.origins.get('')?.uri;
    return this.ws.relativePath(from ?? this.bf.build.root);
  }

  /** Lookups made so far (own and the workspace's), for the runner's "looked anything up" check. */
  get lookupCount(): number {
    return this.lookups;
  }
}

/**
 * An edit of the build's text as an edit of a source file, when it is exact: the edited range
 * lies inside one node whose source text is the same text (a scalar written the same way in
 * both). Anything else (a value quoted differently, an insertion between nodes) has no exact
 * place in the sources, and the fix is not offered.
 */
export function mapEdit(
  bf: BuildFile,
  start: number,
  end: number,
  source: (uri: string) => FileEntry | undefined,
): { uri: string; start: number; end: number } | undefined {
  const node = nodeAt(bf, start, end, false);
  const best = node?.best;
  if (!node || !best) return undefined;
  const obj = node.obj;
  const ref = obj.origins.get(best.pointer);
  const text = ref && source(ref.uri)?.text;
  if (!ref || text === undefined) return undefined;
  const built = bf.entry.text.slice(best.start, best.end);
  const src = text.slice(ref.start, ref.end);
  let at = -1;
  if (src === built) at = ref.start;
  else {
    // The source may span the whole `key: value` pair while the edit targets the value.
    const k = src.indexOf(built);
    if (k !== -1 && src.indexOf(built, k + 1) === -1) at = ref.start + k;
  }
  if (at === -1) return undefined;
  return { uri: ref.uri, start: at + (start - best.start), end: at + (end - best.start) };
}
