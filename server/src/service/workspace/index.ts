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
import { unreferencedFiles } from '../build/discover';
import type { Build, BuildSource } from '../build/types';
import { identifyFindings } from '../findings';
import { buildKustomizeIndex, isKustomizationUri, KUSTOMIZATION_NAMES, type Kustomization, type KustomizeIndex, resolveEntry } from '../kustomize';
import { baseName } from '../links';
import type { FileEntry, Lookup } from '../lookup';
import { displayName, type Resource } from '../model';
import type { ChunkCache } from '../parse';
import type { Rule } from '../rule';
import { DEFAULT_SETTINGS, type MeshSettings } from '../settings';
import { applySuppressions } from '../suppress';
import type { Diagnostic, Finding } from '../types';
import { type Analysis, analyzeFile } from './analysis';
import { type BuildFile, BuildLookup, buildFileUri, buildUri, isBuildUri, type MaterialCache, mapFinding, materialize, PASS_THROUGH } from './builds';
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
/** Lookup keys that name one object (a host's Service, a Gateway by name, ...), as opposed to enumerations. */
const IDENTITY_KEY = /^(svc|se|dr|gw|vs|res):(?!\*$)/;

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

  // Builds (see builds.ts): the build of each root, by its virtual URI; the builds that apply each file.
  private buildFiles = new Map<string, BuildFile>();
  /** The entry of each input a build was made from, to tell when it must be made again. */
  private buildInputs = new Map<string, Map<string, FileEntry | undefined>>();
  private buildsOf = new Map<string, string[]>();
  /** Files under a kustomization's folder that no kustomization includes: applied by nobody. */
  private unapplied = new Set<string>();
  private rendered: Build[] = [];
  private buildsDirty = true;
  /** The Kustomize roots among the files (undefined: find them again). */
  private kustomizeRoots: string[] | undefined;
  private fileSetChanged = true;
  private buildsReady = false;
  /** Findings of each build moved to their source files (cached with the build's analysis). */
  private buildMapped = new Map<string, Map<string, Finding[]>>();
  /** Built objects as YAML, parsed, shared by the builds that apply the same object (kept for the current builds only). */
  private materialCache: MaterialCache = new Map();
  /** The file or build being analyzed: lookups prefer the copies nearest it. */
  private analyzing: string | undefined;

  constructor(
    private rules: Rule[],
    settings: MeshSettings = DEFAULT_SETTINGS,
    private buildSource?: BuildSource,
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
    return this.withBuilds(result, uri, !old);
  }

  /**
   * After a change: builds are made again (when they were made before) and the files they apply
   * are affected. The roots are found again only when a kustomization changed, and the files
   * applied by nobody only when the set of files or a build changed: an edit of any other file
   * (every keystroke in the editor) only compares each build's inputs.
   */
  private withBuilds(result: UpdateResult, uri: string, fileSetChanged: boolean): UpdateResult {
    this.buildsDirty = true;
    if (isKustomizationUri(uri)) this.kustomizeRoots = undefined;
    if (fileSetChanged) this.fileSetChanged = true;
    if (!this.buildsReady) return result;
    const seen = new Set(result.affected);
    for (const u of this.ensureBuilds()) {
      if (seen.has(u)) continue;
      seen.add(u);
      result.affected.push(u);
    }
    return result;
  }

  /** Builds the Node layer rendered (Helm charts); they replace the previous set. Returns the files affected. */
  setRenderedBuilds(builds: Build[]): string[] {
    this.rendered = builds;
    this.buildsDirty = true;
    return this.buildsReady ? this.ensureBuilds() : [];
  }

  /** The builds of the workspace (Kustomize roots and rendered charts). */
  builds(): Build[] {
    this.ensureBuilds();
    return [...this.buildFiles.values()].map((b) => b.build);
  }

  /** The build files (virtual URIs) whose objects include one with this key (`Kind/namespace/name`). */
  builtBy(key: string): string[] {
    const out: string[] = [];
    for (const [v, bf] of this.buildFiles) if (bf.entry.resources.some((r) => r.key === key)) out.push(v);
    return out;
  }

  /** The builds that apply a file. */
  buildsApplying(uri: string): Build[] {
    this.ensureBuilds();
    return (this.buildsOf.get(uri) ?? []).map((v) => this.buildFiles.get(v)!.build);
  }

  /** True when the file lies under a kustomization's folder and no kustomization includes it. */
  appliedByNone(uri: string): boolean {
    this.ensureBuilds();
    return this.unapplied.has(uri);
  }

  /**
   * Make the builds whose inputs changed (and only those) again. Returns the files whose
   * findings may have changed: the inputs of every build made again, added or removed.
   */
  private ensureBuilds(): string[] {
    if (!this.buildsDirty) return [];
    this.buildsDirty = false;
    this.buildsReady = true;
    const get = (u: string) => this.files.get(u);
    const wanted: { id: string; make: () => Build; inputs?: string[] }[] = [];
    const rootsChanged = !this.kustomizeRoots;
    if (this.buildSource) {
      this.kustomizeRoots ??= this.buildSource.discover(this.files.values(), get).roots;
      for (const root of this.kustomizeRoots) wanted.push({ id: `kustomize:${root}`, make: () => this.buildSource!.build(root, get) });
    }
    for (const b of this.rendered) wanted.push({ id: b.id, make: () => b, inputs: b.inputs });
    const changed = new Set<string>();
    const next = new Map<string, BuildFile>();
    for (const w of wanted) {
      const v = buildUri(w.id);
      const old = this.buildFiles.get(v);
      const snap = this.buildInputs.get(v);
      const rendered = this.rendered.find((b) => b.id === w.id);
      const same = old && (rendered ? old.build === rendered : snap && [...snap].every(([u, e]) => this.files.get(u) === e));
      if (old && same) {
        next.set(v, old);
        continue;
      }
      let build: Build;
      try {
        build = w.make();
      } catch (e) {
        build = {
          id: w.id,
          kind: 'kustomize',
          root: w.id.replace(/^kustomize:/, ''),
          inputs: [],
          objects: [],
          problems: [{ message: `the build failed: ${(e as Error)?.message ?? e}` }],
        };
      }
      const bf = materialize(build, this.settings, this.materialCache);
      next.set(v, bf);
      this.buildInputs.set(v, new Map(build.inputs.map((u) => [u, this.files.get(u)])));
      changed.add(v);
      if (old) for (const u of old.build.inputs) changed.add(u);
    }
    for (const [v, old] of this.buildFiles)
      if (!next.has(v)) {
        changed.add(v);
        for (const u of old.build.inputs) changed.add(u);
        this.buildInputs.delete(v);
      }
    this.buildFiles = next;
    // The shared cache keeps objects of builds made before: let it go when it holds far more than the current builds.
    let objects = 0;
    for (const bf of next.values()) objects += bf.objects.length;
    if (this.materialCache.size > 2 * objects + 1000) this.materialCache = new Map();
    this.buildsOf = new Map();
    for (const [v, bf] of next)
      for (const u of bf.build.inputs) {
        const list = this.buildsOf.get(u);
        if (list) list.push(v);
        else this.buildsOf.set(u, [v]);
      }
    if (rootsChanged || this.fileSetChanged || changed.size) {
      this.fileSetChanged = false;
      const kustomize = [...next.values()].map((b) => b.build).filter((b) => b.kind === 'kustomize');
      const unapplied = new Set(unreferencedFiles([...this.files.keys()], kustomize, get).filter((u) => !this.buildsOf.has(u)));
      for (const u of new Set([...unapplied, ...this.unapplied])) if (unapplied.has(u) !== this.unapplied.has(u)) changed.add(u);
      this.unapplied = unapplied;
    }
    for (const v of [...changed]) if (isBuildUri(v)) for (const u of next.get(v)?.build.inputs ?? []) changed.add(u);
    const affected = new Set<string>();
    for (const u of changed) for (const a of this.invalidate(u, new Set())) affected.add(a);
    for (const u of changed) if (!isBuildUri(u)) affected.add(u);
    return [...affected].filter((u) => !isBuildUri(u) && this.files.has(u));
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
   * then an error is at most a warning that states the assumption. Not when the check found
   * its link only among namespace-less resources applied together with `res`: they share
   * whatever namespace they are applied to, so the finding holds in any.
   */
  private namespaceCaveat(res: Resource | undefined, f: Finding): Finding {
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
    return this.withBuilds(result, uri, true);
  }

  getFile(uri: string): FileEntry | undefined {
    return this.files.get(uri) ?? (isBuildUri(uri) ? this.buildFiles.get(buildFileUri(uri))?.entry : undefined);
  }

  /** The analysed form of a build, by its id. */
  builtFile(id: string): BuildFile | undefined {
    return this.buildFiles.get(buildUri(id));
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

  private invalidate(uri: string, changedKeys: Set<string>): string[] {
    const affected = new Set<string>([uri]);
    for (const k of changedKeys) {
      const deps = this.dependents.get(k);
      if (deps) for (const u of deps) affected.add(u);
    }
    // A build's findings are its inputs' findings.
    for (const u of [...affected]) if (isBuildUri(u)) for (const i of this.buildFiles.get(u)?.build.inputs ?? []) affected.add(i);
    for (const u of affected) this.dropAnalysis(u);
    return [...affected].filter((u) => !isBuildUri(u));
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
    this.buildMapped.delete(uri);
  }

  // ------------------------------------------------------------------ analysis

  /** Findings of one file (cached until a change invalidates them). Never throws. */
  findings(uri: string): Finding[] {
    this.ensureBuilds();
    const cached = this.analyses.get(uri);
    if (cached) return cached.findings;
    const file = this.files.get(uri);
    if (!file) return [];
    const viaBuilds = this.buildsOf.get(uri);
    // A file a build applies is checked as built, but for the kinds the builds pass through.
    const analysis = this.analyze(file, this, {
      resources: this.unapplied.has(uri) ? false : viaBuilds ? (res: Resource) => PASS_THROUGH.has(res.kind) : true,
    });
    if (viaBuilds) {
      // A chart template that was rendered is checked as rendered: its "not YAML until rendered" note no longer applies.
      if (viaBuilds.some((v) => this.buildFiles.get(v)?.build.kind === 'helm')) analysis.findings = analysis.findings.filter((f) => f.rule !== 'helm-template');
      const fromBuilds = this.findingsFromBuilds(uri, viaBuilds);
      if (fromBuilds.length) {
        analysis.findings = applySuppressions(file, [...analysis.findings, ...fromBuilds], this.rules).sort((a, b) => a.start - b.start || a.end - b.end);
        identifyFindings(file, analysis.findings);
      }
    }
    this.remember(uri, analysis);
    return analysis.findings;
  }

  private analyze(file: FileEntry, ws: Lookup, options: { resources: boolean | ((res: Resource) => boolean) }): Analysis {
    const before = this.analyzing;
    this.analyzing = file.uri;
    try {
      return analyzeFile(
        file,
        {
          ws,
          settings: this.settings,
          rules: this.rules,
          ruleBudgetMs: this.ruleBudgetMs,
          track: (deps) => {
            this.tracking = deps;
            this.returned = undefined;
          },
          lookupCount: () => this.lookups + (ws instanceof BuildLookup ? ws.lookupCount : 0),
          caveat: (res, f) => this.namespaceCaveat(res, f),
          checkStarted: () => {
            this.returned = [];
          },
        },
        options,
      );
    } finally {
      this.analyzing = before;
    }
  }

  private remember(uri: string, analysis: Analysis): void {
    this.analyses.set(uri, analysis);
    for (const k of analysis.deps) {
      const set = this.dependents.get(k);
      if (set) set.add(uri);
      else this.dependents.set(k, new Set([uri]));
    }
  }

  /** A build's findings, by the source file each was moved to. */
  private buildFindings(v: string): Map<string, Finding[]> {
    const cached = this.buildMapped.get(v);
    if (cached && this.analyses.has(v)) return cached;
    const bf = this.buildFiles.get(v)!;
    const analysis = this.analyze(bf.entry, new BuildLookup(bf, this), { resources: true });
    this.remember(v, analysis);
    const bySource = new Map<string, Finding[]>();
    const source = (u: string) => this.files.get(u);
    // A build Kustomize itself refuses: reported at the entry that makes it fail.
    const refused = this.rules.find((r) => r.id === 'kustomize-build');
    const override = this.settings.rules['kustomize-build'];
    if (refused && override !== 'off')
      for (const p of bf.build.problems) {
        if (!p.rejects) continue;
        const at = p.at ?? { uri: bf.build.root, start: 0, end: 0 };
        if (!this.files.has(at.uri)) continue;
        const f: Finding = {
          rule: refused.id,
          severity: override ?? refused.severity,
          uri: at.uri,
          start: at.start,
          end: at.end,
          message: `kubectl kustomize ${this.buildLabel(bf.build)} fails: ${p.message.replace(/ \(Kustomize rejects the build(; )?/, ' (').replace(/ \(\)$/, '')}.`,
        };
        const list = bySource.get(at.uri);
        if (list) list.push(f);
        else bySource.set(at.uri, [f]);
      }
    for (const f of analysis.findings) {
      const m = mapFinding(bf, f, source, (u) => this.buildFiles.get(u));
      if (!m) continue;
      const list = bySource.get(m.uri);
      if (list) list.push(m);
      else bySource.set(m.uri, [m]);
    }
    this.buildMapped.set(v, bySource);
    return bySource;
  }

  /**
   * The findings the builds applying a file make on it, once per source position: one that holds
   * in every build applying the file is shown as is; one that holds in only some says in which.
   */
  private findingsFromBuilds(uri: string, viaBuilds: string[]): Finding[] {
    const groups = new Map<string, { f: Finding; builds: string[] }>();
    for (const v of viaBuilds) {
      for (const f of this.buildFindings(v).get(uri) ?? []) {
        const key = `${f.rule}|${f.start}|${f.end}|${f.message}`;
        const g = groups.get(key);
        if (g) {
          if (!g.builds.includes(v)) g.builds.push(v);
        } else groups.set(key, { f, builds: [v] });
      }
    }
    const out: Finding[] = [];
    for (const { f, builds } of groups.values()) {
      if (builds.length === viaBuilds.length || viaBuilds.length === 1) out.push(f);
      else
        out.push({
          ...f,
          message: `in ${builds.map((v) => this.buildLabel(this.buildFiles.get(v)!.build)).join(', ')}: ${f.message}`,
          ...(f.built ? { built: { ...f.built, partial: true } } : {}),
        });
    }
    return out;
  }

  /** A build as messages name it: its folder relative to the workspace (and the values file of a chart). */
  buildLabel(b: Build): string {
    const dir = b.root.replace(/\/?(kustomization\.ya?ml|Kustomization)$/, '').replace(/\/$/, '');
    const inRoot = this.roots.some((r) => `${dir}/`.startsWith(r.endsWith('/') ? r : `${r}/`));
    // Without a workspace folder holding it, the last two folders name it well enough.
    const segments = dir
      .replace(/^[a-z][-a-z0-9+.]*:\/\/[^/]*/i, '')
      .split('/')
      .filter(Boolean);
    const rel = inRoot ? this.relativePath(`${dir}/`).replace(/\/$/, '') : segments.length > 1 ? decodeURIComponent(segments.slice(-2).join('/')) : '';
    const values = b.kind !== 'helm' ? '' : b.id.includes('#') ? ` with ${baseName(b.id.slice(b.id.indexOf('#') + 1))}` : ' with its default values';
    return `${rel || '.'}${values}`;
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
    return this.findings(uri).map((f) => ({ ...f, id: f.id ?? '', range: file.lines.range(f.start, f.end) }));
  }
}
