/**
 * The workspace index: every file's documents and resources, lookups across files,
 * and per-file analysis with dependency tracking.
 *
 * Incrementality: each resource "provides" keys (`svc:<fqdn>`, `dr:<fqdn>`, `gw:<ns>/<name>`, …);
 * while a file is analyzed, every lookup records the key it asked for. Replacing a file's
 * text re-derives only that file (and only its changed documents), then invalidates exactly
 * the files whose recorded lookups touch a key that a changed resource provides or provided.
 *
 * This folder, by concern: read.ts (a file's text → documents, resources and text facts),
 * keys.ts (the keys a resource provides), resources.ts (the resource index and its recorded
 * lookups), analysis.ts (running the rules on a file: severity settings, time budget,
 * suppressions) and this file (the Workspace: files, kustomizations, apply units, caching and
 * invalidation of analyses).
 */

import { computeApplyUnits, sharedUnitKind, shareUnit } from '../applyunits';
import { buildKustomizeIndex, isKustomizationUri, KUSTOMIZATION_NAMES, type Kustomization, type KustomizeIndex, resolveEntry } from '../kustomize';
import { baseName } from '../links';
import type { FileEntry, Lookup } from '../lookup';
import { displayName, type Resource } from '../model';
import type { ChunkCache } from '../parse';
import type { Rule } from '../rule';
import { DEFAULT_SETTINGS, type MeshSettings } from '../settings';
import type { Diagnostic, Finding } from '../types';
import { type Analysis, analyzeFile } from './analysis';
import { providedKeys } from './keys';
import { type DocCache, readFile, unreadableFile } from './read';
import { ResourceIndex } from './resources';

export type { FileEntry } from '../lookup';
export { providedKeys } from './keys';

export interface UpdateResult {
  /** Files whose findings may have changed (the updated file first). */
  affected: string[];
}

const EMPTY_SET: ReadonlySet<string> = new Set();

export class Workspace extends ResourceIndex implements Lookup {
  private files = new Map<string, FileEntry>();
  private analyses = new Map<string, Analysis>();
  private dependents = new Map<string, Set<string>>();
  private docCache: DocCache = new WeakMap();
  private kz: KustomizeIndex | undefined;
  /** URIs kustomizations name (files, and candidate kustomizations of named folders). */
  private kzReferenced = new Set<string>();
  private units: Map<string, string[]> | undefined;
  /** Workspace folder URIs, for workspace-relative paths in messages. */
  roots: string[] = [];
  settings: MeshSettings;
  /** Time the rules may spend on one file: this many ms plus 2 ms per KB of text; past it the remaining rules are skipped with a finding. */
  ruleBudgetMs = 5000;

  private rulesById: Map<string, Rule>;

  constructor(
    private rules: Rule[],
    settings: MeshSettings = DEFAULT_SETTINGS,
  ) {
    super();
    this.settings = settings;
    this.rulesById = new Map(rules.map((r) => [r.id, r]));
  }

  // ------------------------------------------------------------------ files

  setSettings(settings: MeshSettings): string[] {
    const sizeChanged = settings.maxFileSize !== this.settings.maxFileSize || settings.defaultNamespace !== this.settings.defaultNamespace;
    this.settings = settings;
    if (sizeChanged) for (const f of [...this.files.values()]) if (f.skipped !== 'unreadable') this.setFile(f.uri, f.text);
    this.analyses.clear();
    this.dependents.clear();
    return [...this.files.keys()];
  }

  setFile(uri: string, text: string): UpdateResult {
    const old = this.files.get(uri);
    if (old && old.text === text && old.skipped !== 'unreadable') return { affected: [] };
    return this.putFile(uri, this.readFile(uri, text, old?.cache), old);
  }

  /**
   * A file the surface could not read or decode (not UTF-8 and no byte order mark, a read error,
   * not a regular file): it holds nothing and gets one file-unreadable finding with the reason.
   */
  setUnreadable(uri: string, reason: string): UpdateResult {
    const old = this.files.get(uri);
    if (old?.facts.unreadable === reason) return { affected: [] };
    return this.putFile(uri, unreadableFile(uri, reason), old);
  }

  private putFile(uri: string, entry: FileEntry, old: FileEntry | undefined): UpdateResult {
    const result = this.replaceFile(uri, entry, old);
    if (isKustomizationUri(uri) || (!old && this.kzReferenced.has(uri)))
      result.affected.push(...this.syncKustomize().filter((u) => !result.affected.includes(u)));
    return result;
  }

  private replaceFile(uri: string, entry: FileEntry, old: FileEntry | undefined): UpdateResult {
    const oldSet = new Set(old?.resources ?? []);
    const newSet = new Set(entry.resources);
    const changedKeys = new Set<string>();
    for (const r of oldSet) if (!newSet.has(r)) for (const k of providedKeys(r)) changedKeys.add(k);
    for (const r of newSet) if (!oldSet.has(r)) for (const k of providedKeys(r)) changedKeys.add(k);
    for (const r of old?.resources ?? []) if (!newSet.has(r)) this.unprovide(r);
    for (const r of entry.resources) if (!oldSet.has(r)) this.provide(r);
    this.files.set(uri, entry);
    // Apply units and the set of named namespaces depend only on which objects each file holds.
    const identity = (list: readonly Resource[]) => list.map((r) => `${r.key}|${r.explicitNamespace ? 1 : 0}`).join('\n');
    if (!old || (changedKeys.size && identity(old.resources) !== identity(entry.resources))) {
      changedKeys.add('units');
      this.units = undefined;
      this.explicitNamespaces = undefined;
    }
    return { affected: this.invalidate(uri, changedKeys) };
  }

  /** Rebuild the Kustomize index; re-read files whose namespace or fragment status changed. */
  private syncKustomize(): string[] {
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
    this.analyses.clear();
    this.dependents.clear();
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
   * then an error is at most a warning that states the assumption.
   */
  private namespaceCaveat(res: Resource | undefined, f: Finding): Finding {
    if (!res || res.explicitNamespace || f.severity !== 'error' || !this.rule(f.rule)?.namespaceLinks) return f;
    if (this.settings.defaultNamespace || this.kz?.namespaces.has(res.uri)) return f;
    if (!this.otherNamespaces(res.namespace)) return f;
    return {
      ...f,
      severity: 'warning',
      message: `${f.message} (This assumes ${displayName(res)}, which sets no namespace, is applied to namespace ${res.namespace}; pass --namespace or set meshLsp.defaultNamespace to the namespace it is applied to.)`,
      data: { ...f.data, assumedNamespace: res.namespace },
    };
  }

  private explicitNamespaces: Set<string> | undefined;

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

  removeFile(uri: string): UpdateResult {
    const old = this.files.get(uri);
    if (!old) return { affected: [] };
    const changedKeys = new Set<string>();
    for (const r of old.resources) {
      for (const k of providedKeys(r)) changedKeys.add(k);
      this.unprovide(r);
    }
    this.files.delete(uri);
    changedKeys.add('units');
    this.units = undefined;
    this.explicitNamespaces = undefined;
    const affected = this.invalidate(uri, changedKeys);
    this.dropAnalysis(uri);
    const result = { affected: affected.filter((u) => u !== uri).concat(uri) };
    if (old.kustomization || this.kzReferenced.has(uri)) {
      for (const u of this.syncKustomize()) if (!result.affected.includes(u)) result.affected.push(u);
    }
    return result;
  }

  getFile(uri: string): FileEntry | undefined {
    return this.files.get(uri);
  }

  hasFile(uri: string): boolean {
    return this.files.has(uri);
  }

  fileUris(): string[] {
    return [...this.files.keys()];
  }

  allFiles(): IterableIterator<FileEntry> {
    return this.files.values();
  }

  *allResources(): IterableIterator<Resource> {
    for (const f of this.files.values()) yield* f.resources;
  }

  get ruleList(): readonly Rule[] {
    return this.rules;
  }

  /** The rule with this id, among the rules this workspace runs. */
  rule(id: string): Rule | undefined {
    return this.rulesById.get(id);
  }

  private readFile(uri: string, text: string, previous?: ChunkCache): FileEntry {
    return readFile(uri, text, { settings: this.settings, kz: this.kz, docCache: this.docCache }, previous);
  }

  // ------------------------------------------------------------------ index

  private invalidate(uri: string, changedKeys: Set<string>): string[] {
    const affected = new Set<string>([uri]);
    for (const k of changedKeys) {
      const deps = this.dependents.get(k);
      if (deps) for (const u of deps) affected.add(u);
    }
    for (const u of affected) this.dropAnalysis(u);
    return [...affected];
  }

  private dropAnalysis(uri: string): void {
    const a = this.analyses.get(uri);
    if (!a) return;
    for (const k of a.deps) {
      const set = this.dependents.get(k);
      if (set) {
        set.delete(uri);
        if (!set.size) this.dependents.delete(k);
      }
    }
    this.analyses.delete(uri);
  }

  // ------------------------------------------------------------------ analysis

  /** Findings of one file (cached until a change invalidates them). Never throws. */
  findings(uri: string): Finding[] {
    const cached = this.analyses.get(uri);
    if (cached) return cached.findings;
    const file = this.files.get(uri);
    if (!file) return [];
    const analysis = analyzeFile(file, {
      ws: this,
      settings: this.settings,
      rules: this.rules,
      ruleBudgetMs: this.ruleBudgetMs,
      track: (deps) => (this.tracking = deps),
      lookupCount: () => this.lookups,
      caveat: (res, f) => this.namespaceCaveat(res, f),
    });
    this.analyses.set(uri, analysis);
    for (const k of analysis.deps) {
      const set = this.dependents.get(k);
      if (set) set.add(uri);
      else this.dependents.set(k, new Set([uri]));
    }
    return analysis.findings;
  }

  /** Ids of the rules whose findings in `uri` depend on other files (analyzing the file if needed). */
  linkedRules(uri: string): ReadonlySet<string> {
    this.findings(uri);
    return this.analyses.get(uri)?.linked ?? EMPTY_SET;
  }

  /** Findings with LSP ranges. */
  diagnostics(uri: string): Diagnostic[] {
    const file = this.files.get(uri);
    if (!file) return [];
    return this.findings(uri).map((f) => ({ ...f, range: file.lines.range(f.start, f.end) }));
  }
}
