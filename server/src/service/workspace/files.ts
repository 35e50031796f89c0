/**
 * The files of the workspace: each file's entry (read.ts), the resources they provide to the
 * index (resources.ts), kustomizations and apply units, and the lookups that prefer the copies
 * nearest the file being analyzed. What a change invalidates is decided by the layers above
 * (`invalidate`, `forgetAnalyses`).
 */

import { computeApplyUnits, sharedUnitKind, shareUnit } from '../applyunits';
import { buildKustomizeIndex, KUSTOMIZATION_NAMES, type Kustomization, type KustomizeIndex, resolveEntry } from '../kustomize';
import { baseName } from '../links';
import type { FileEntry } from '../lookup';
import { displayName, type Resource } from '../model';
import type { ChunkCache } from '../parse';
import type { Rule } from '../rule';
import type { MeshSettings } from '../settings';
import type { Finding } from '../types';
import { UNTRACKED } from './analysis';
import { isBuildUri } from './builds';
import { providedKeys } from './keys';
import { type DocCache, readFile } from './read';
import { ResourceIndex } from './resources';

export interface UpdateResult {
  /** Files whose findings may have changed (the updated file first). */
  affected: string[];
}

/** Lookup keys that name one object (a host's Service, a Gateway by name, ...), as opposed to enumerations. */
const IDENTITY_KEY = /^(svc|se|dr|gw|vs|res):(?!\*$)/;

export abstract class WorkspaceFiles extends ResourceIndex {
  protected files = new Map<string, FileEntry>();
  private docCache: DocCache = new WeakMap();
  protected kz: KustomizeIndex | undefined;
  /** URIs kustomizations name (files, and candidate kustomizations of named folders). */
  protected kzReferenced = new Set<string>();
  protected units: Map<string, string[]> | undefined;
  protected explicitNamespaces: Set<string> | undefined;
  /** Workspace folder URIs, for workspace-relative paths in messages. */
  roots: string[] = [];
  settings: MeshSettings;
  /** The file or build being analyzed: lookups prefer the copies nearest it. */
  protected analyzing: string | undefined;

  constructor(settings: MeshSettings) {
    super();
    this.settings = settings;
  }

  /** The rule with this id, among the rules this workspace runs. */
  abstract rule(id: string): Rule | undefined;
  /** Drop the analyses of `uri` and of the files that looked up one of `changedKeys`; returns those files. */
  protected abstract invalidate(uri: string, changedKeys: Set<string>): string[];
  /** Drop every analysis (kustomizations changed: namespaces and fragments may have). */
  protected abstract forgetAnalyses(): void;

  protected replaceFile(uri: string, entry: FileEntry, old: FileEntry | undefined): UpdateResult {
    const oldSet = new Set(old?.resources ?? []);
    const newSet = new Set(entry.resources);
    const changedKeys = new Set<string>();
    for (const r of oldSet) if (!newSet.has(r)) for (const k of providedKeys(r)) changedKeys.add(k);
    for (const r of old?.resources ?? []) if (!newSet.has(r)) this.unprovide(r);
    for (const r of entry.resources) {
      if (oldSet.has(r)) continue;
      const keys = providedKeys(r);
      for (const k of keys) changedKeys.add(k);
      this.provide(r, keys);
    }
    this.files.set(uri, entry);
    // Apply units and the set of named namespaces depend only on which objects each file holds.
    if (!old || (changedKeys.size && !sameObjects(old.resources, entry.resources))) {
      changedKeys.add('units');
      this.units = undefined;
      this.explicitNamespaces = undefined;
    }
    return { affected: this.invalidate(uri, changedKeys) };
  }

  /** Rebuild the Kustomize index; re-read files whose namespace or fragment status changed. */
  protected syncKustomize(): string[] {
    const ks: Kustomization[] = [];
    for (const f of this.files.values()) if (f.kustomization) ks.push(f.kustomization);
    const before = this.kz;
    this.kz = ks.length ? buildKustomizeIndex(ks, (u) => this.files.has(u)) : undefined;
    this.kzReferenced = new Set();
    for (const k of ks) {
      for (const e of [...k.resources, ...k.patches]) {
        const u = resolveEntry(k.dir, e);
        if (!u) continue;
        const file = u.replace(/\/$/, '');
        this.kzReferenced.add(file);
        for (const n of KUSTOMIZATION_NAMES) this.kzReferenced.add(`${file}/${n}`);
      }
    }
    for (const f of [...this.files.values()]) {
      if (f.kustomization || f.skipped === 'unreadable') continue;
      const changed = !!before?.fragments.has(f.uri) !== !!this.kz?.fragments.has(f.uri) || before?.namespaces.get(f.uri) !== this.kz?.namespaces.get(f.uri);
      if (changed) this.replaceFile(f.uri, this.readFile(f.uri, f.text, f.cache), f);
    }
    this.units = undefined;
    this.forgetAnalyses();
    return [...this.files.keys()];
  }

  /** The apply units of a file (see applyunits.ts). */
  applyUnits(uri: string): string[] {
    this.tracking?.add('units');
    this.units ??= computeApplyUnits(this.files.values(), this.kz);
    return this.units.get(uri) ?? [];
  }

  /** True when two files are applied together (same file, same kustomization build, or same folder). */
  sameApplyUnit(a: string, b: string): boolean {
    return a === b || shareUnit(this.applyUnits(a), this.applyUnits(b));
  }

  /**
   * How surely two files are applied together: `file` (the same file), `build` (one
   * kustomization build), `dir` (one folder: only if it is applied as a whole), or undefined.
   */
  applyUnitKind(a: string, b: string): 'file' | 'build' | 'dir' | undefined {
    if (a === b) return 'file';
    return sharedUnitKind(this.applyUnits(a), this.applyUnits(b));
  }

  /** A file's path relative to the workspace folder holding it (its name when none does). */
  relativePath(uri: string): string {
    let best = '';
    for (const r of this.roots) {
      const root = r.endsWith('/') ? r : `${r}/`;
      if (uri.startsWith(root) && root.length > best.length) best = root;
    }
    if (!best) return baseName(uri);
    try {
      return decodeURIComponent(uri.slice(best.length));
    } catch {
      return uri.slice(best.length);
    }
  }

  /**
   * A link finding on a namespace-less resource holds only if it is applied to the namespace
   * assumed for it (`default`) when no `--namespace` / `meshLsp.defaultNamespace` or
   * kustomization says otherwise, and the workspace names other namespaces it could go to:
   * then an error is at most a warning that states the assumption. Not when the check found
   * its link only among namespace-less resources applied together with `res`: they share
   * whatever namespace they are applied to, so the finding holds in any.
   */
  protected namespaceCaveat(res: Resource | undefined, f: Finding): Finding {
    if (!res || res.explicitNamespace || f.severity !== 'error' || !this.rule(f.rule)?.namespaceLinks) return f;
    if (this.settings.defaultNamespace || this.kz?.namespaces.has(res.uri)) return f;
    if (!this.otherNamespaces(res.namespace)) return f;
    if (this.linkedWithinUnit(res)) return f;
    return {
      ...f,
      severity: 'warning',
      message: `${f.message} (This assumes ${displayName(res)}, which sets no namespace, is applied to namespace ${res.namespace}; pass --namespace or set meshLsp.defaultNamespace to the namespace it is applied to.)`,
    };
  }

  /**
   * True when what the current check looked up resolves among namespace-less resources applied
   * together with `res` (same file, build or folder): every lookup that found anything found one
   * of those and nothing that sets a namespace (same-named copies elsewhere, also namespace-less,
   * are other applications of the same object). A lookup that found nothing says nothing here:
   * a finding about a missing object depends on what other namespaces hold, unless the check
   * also listed every candidate.
   */
  private linkedWithinUnit(res: Resource): boolean {
    let any = false;
    for (const list of this.returned ?? []) {
      let inUnit = false;
      for (const r of list) {
        if (r.explicitNamespace) return false;
        if (r !== res && !inUnit && this.sameApplyUnit(res.uri, r.uri)) inUnit = true;
      }
      if (list.length && !inUnit && !(list.length === 1 && list[0] === res)) return false;
      any ||= inUnit;
    }
    return any;
  }

  /** True when resources of the workspace name a namespace other than `ns`. */
  private otherNamespaces(ns: string): boolean {
    this.tracking?.add('units');
    if (!this.explicitNamespaces) {
      this.explicitNamespaces = new Set();
      for (const f of this.files.values()) for (const r of f.resources) if (r.explicitNamespace) this.explicitNamespaces.add(r.namespace);
    }
    for (const n of this.explicitNamespaces) if (n !== ns) return true;
    return false;
  }

  /** Namespace given to namespace-less resources at apply time, when known (kustomization or setting). */
  applyNamespace(uri: string): string | undefined {
    return this.kz?.namespaces.get(uri) ?? this.settings.defaultNamespace;
  }

  hasFile(uri: string): boolean {
    return this.files.has(uri);
  }

  fileUris(): string[] {
    return [...this.files.keys()];
  }

  allFiles(): IterableIterator<FileEntry> {
    // A check that reads every file depends on all of them: its result is not reused.
    this.tracking?.add(UNTRACKED);
    return this.files.values();
  }

  *allResources(): IterableIterator<Resource> {
    this.tracking?.add(UNTRACKED);
    for (const f of this.files.values()) yield* f.resources;
  }

  protected readFile(uri: string, text: string, previous?: ChunkCache): FileEntry {
    return readFile(uri, text, { settings: this.settings, kz: this.kz, docCache: this.docCache }, previous);
  }

  /**
   * Lookups made while a file is analyzed resolve in its own apply unit first; when the unit has
   * no answer, the copies nearest the file (same folder, then the closest ancestor) are taken.
   * A repository of alternative examples holds many same-named objects, and a route must be
   * checked against its own folder's Gateway, not against one of another example.
   */
  override lookup(key: string): readonly Resource[] {
    const all = super.lookup(key);
    const from = this.analyzing;
    if (all.length < 2 || !from || isBuildUri(from) || !IDENTITY_KEY.test(key)) return all;
    const own = all.filter((r) => this.sameApplyUnit(from, r.uri));
    return own.length ? own : this.nearest(all, from);
  }

  /** The resources of `list` nearest `from` (a file or folder URI): those sharing its longest folder prefix. */
  nearest(list: readonly Resource[], from: string): readonly Resource[] {
    if (list.length < 2) return list;
    const dir = from.slice(0, from.lastIndexOf('/') + 1);
    let best = -1;
    let out: Resource[] = [];
    for (const r of list) {
      const rd = r.uri.slice(0, r.uri.lastIndexOf('/') + 1);
      let n = 0;
      const max = Math.min(rd.length, dir.length);
      while (n < max && rd.charCodeAt(n) === dir.charCodeAt(n)) n++;
      const common = rd.lastIndexOf('/', n - 1);
      if (common > best) {
        best = common;
        out = [r];
      } else if (common === best) out.push(r);
    }
    return out;
  }
}

/** True when two lists name the same objects in the same order (key, and whether the namespace is explicit). */
function sameObjects(a: readonly Resource[], b: readonly Resource[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && (a[i].key !== b[i].key || !a[i].explicitNamespace !== !b[i].explicitNamespace)) return false;
  return true;
}
