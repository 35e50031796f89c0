/**
 * Kustomize structure of a workspace: which files a kustomization builds, which are
 * patch fragments, what namespace a build gives its resources, and from that the
 * apply units (see applyunits.ts).
 *
 * Paths in a kustomization are resolved relative to its folder, on the file URIs the
 * workspace holds: a listed file is that file; a listed folder is the kustomization in
 * it (kustomization.yaml, kustomization.yml or Kustomization). Remote bases (URLs, git
 * references) are outside the workspace and ignored.
 */
import { type Document, isMap } from 'yaml';
import { get, scalarString, seqItems } from './yamlutil';

export const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export function isKustomizationUri(uri: string): boolean {
  const name = uri.slice(uri.lastIndexOf('/') + 1);
  return KUSTOMIZATION_NAMES.includes(name);
}

export interface Kustomization {
  uri: string;
  /** Folder URI, with a trailing slash. */
  dir: string;
  namespace?: string;
  /** `resources`, `bases` and `components` entries: files or folders, relative to `dir`. */
  resources: string[];
  /** Files named as patches (`patches[].path`, `patchesStrategicMerge`, `patchesJson6902[].path`). */
  patches: string[];
}

/** Read a kustomization from its parsed documents (the first mapping document). */
export function readKustomization(uri: string, docs: Document.Parsed[]): Kustomization | undefined {
  const doc = docs.find((d) => isMap(d.contents));
  if (!doc) return undefined;
  const root = doc.contents;
  const list = (key: string) => seqItems(get(root, key, doc), doc);
  const strings = (key: string) =>
    list(key)
      .map((n) => scalarString(n))
      .filter((s): s is string => !!s);
  const resources = [...strings('resources'), ...strings('bases'), ...strings('components')];
  const patches: string[] = [];
  for (const n of list('patches')) {
    const p = isMap(n) ? scalarString(get(n, 'path', doc)) : scalarString(n);
    if (p) patches.push(p);
  }
  for (const n of list('patchesStrategicMerge')) {
    const p = scalarString(n);
    // Inline patches are YAML text, not paths.
    if (p && !p.includes('\n')) patches.push(p);
  }
  for (const n of list('patchesJson6902')) {
    const p = scalarString(get(n, 'path', doc));
    if (p) patches.push(p);
  }
  return { uri, dir: dirOf(uri), namespace: scalarString(get(root, 'namespace', doc)) || undefined, resources, patches };
}

export function dirOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}

/** A kustomization entry that names something outside the workspace (a URL, a git reference). */
export const REMOTE = /^(https?:|git@|ssh:|github\.com\/|gitlab\.com\/|bitbucket\.org\/)|\?ref=|\.git(\/\/|$)/;

/** Resolve a kustomization entry to a workspace URI (a folder entry ends with `/`). */
export function resolveEntry(dir: string, entry: string): string | undefined {
  if (REMOTE.test(entry)) return undefined;
  try {
    const u = new URL(entry.replace(/\\/g, '/'), dir).href;
    return u;
  } catch {
    return undefined;
  }
}

export interface KustomizeIndex {
  /** Files named as patches by some kustomization. */
  fragments: Set<string>;
  /** Namespace a build gives the resources of a file, when every build including it agrees. */
  namespaces: Map<string, string>;
  /** Root builds (kustomizations no other kustomization includes) each file belongs to. */
  builds: Map<string, Set<string>>;
}

/**
 * Build the index from the workspace's kustomizations. `exists(uri)` tells whether the
 * workspace holds a file.
 */
export function buildKustomizeIndex(kustomizations: Kustomization[], exists: (uri: string) => boolean): KustomizeIndex {
  const byUri = new Map(kustomizations.map((k) => [k.uri, k]));
  const fragments = new Set<string>();
  // Edges: kustomization -> kustomizations and files it includes.
  const childK = new Map<string, string[]>();
  const childF = new Map<string, string[]>();
  const included = new Set<string>();
  for (const k of kustomizations) {
    const ks: string[] = [];
    const fs: string[] = [];
    for (const e of k.resources) {
      const u = resolveEntry(k.dir, e);
      if (!u) continue;
      const asFile = u.replace(/\/$/, '');
      if (exists(asFile) && !isKustomizationUri(asFile)) {
        fs.push(asFile);
        continue;
      }
      const folder = `${asFile}/`;
      const kz = KUSTOMIZATION_NAMES.map((n) => folder + n).find((x) => byUri.has(x));
      if (kz) {
        ks.push(kz);
        included.add(kz);
      }
    }
    for (const p of k.patches) {
      const u = resolveEntry(k.dir, p);
      if (u) {
        fragments.add(u);
        fs.push(u);
      }
    }
    childK.set(k.uri, ks);
    childF.set(k.uri, fs);
  }
  const builds = new Map<string, Set<string>>();
  const nsSeen = new Map<string, Set<string | undefined>>();
  const roots = kustomizations.filter((k) => !included.has(k.uri));
  for (const root of roots) {
    const visit = (kUri: string, ns: string | undefined, seen: Set<string>) => {
      if (seen.has(kUri)) return;
      seen.add(kUri);
      const k = byUri.get(kUri)!;
      // The outer build's namespace wins over the inner one's.
      const effective = ns ?? k.namespace;
      const mark = (f: string) => {
        let set = builds.get(f);
        if (!set) builds.set(f, (set = new Set()));
        set.add(root.uri);
        let nss = nsSeen.get(f);
        if (!nss) nsSeen.set(f, (nss = new Set()));
        nss.add(effective);
      };
      mark(kUri);
      for (const f of childF.get(kUri) ?? []) mark(f);
      for (const c of childK.get(kUri) ?? []) visit(c, effective, seen);
    };
    visit(root.uri, undefined, new Set());
  }
  const namespaces = new Map<string, string>();
  for (const [f, nss] of nsSeen) {
    if (nss.size === 1) {
      const [ns] = nss;
      if (ns) namespaces.set(f, ns);
    }
  }
  return { fragments, namespaces, builds };
}
