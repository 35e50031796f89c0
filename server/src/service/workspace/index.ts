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
 * lookups), files.ts (the files, kustomizations, apply units and nearest-copy lookups),
 * buildset.ts (which builds there are and which files they apply), builds.ts (one build as a
 * virtual file), analysis.ts (running the rules on a file: severity settings, time budget,
 * suppressions) and this file (the Workspace: caching and invalidation of analyses).
 */

import type { BuildSource } from '../build/types';
import { identifyFindings } from '../findings';
import { isKustomizationUri } from '../kustomize';
import type { FileEntry, Lookup } from '../lookup';
import type { Resource } from '../model';
import type { Rule } from '../rule';
import { DEFAULT_SETTINGS, type MeshSettings } from '../settings';
import { applySuppressions } from '../suppress';
import type { Diagnostic, Finding } from '../types';
import { type Analysis, analyzeFile, type ResourceCacheHost, type ResourceResult } from './analysis';
import { BuildLookup, isBuildUri, mapFinding, PASS_THROUGH } from './builds';
import { WorkspaceBuilds } from './buildset';
import type { UpdateResult } from './files';
import { providedKeys } from './keys';
import { unreadableFile } from './read';

export type { FileEntry } from '../lookup';
export type { UpdateResult } from './files';
export { providedKeys } from './keys';

const EMPTY_SET: ReadonlySet<string> = new Set();

export class Workspace extends WorkspaceBuilds implements Lookup {
  private analyses = new Map<string, Analysis>();
  private dependents = new Map<string, Set<string>>();
  /** Time the rules may spend on one file: this many ms plus 2 ms per KB of text; past it the remaining rules are skipped with a finding. */
  ruleBudgetMs = 5000;
  /** Keep what the rules found on each resource, for the next analysis of its file (false for one-shot runs). */
  reuseResults = true;

  private rulesById: Map<string, Rule>;
  /** Findings of each build moved to their source files (cached with the build's analysis). */
  private buildMapped = new Map<string, Map<string, Finding[]>>();
  /**
   * What the rules found on each resource at a file's last analysis, and how its resources were
   * checked then (all, the kinds builds pass through, none): an analysis made again reuses the
   * results of unchanged resources whose lookups saw no change (see analysis.ts).
   */
  private perResource = new Map<string, { mode: string; results: Map<Resource, ResourceResult> }>();
  /** Counts the changes of provided keys; `keyChanged` holds the count at each key's last change. */
  private clock = 0;
  private keyChanged = new Map<string, number>();

  constructor(
    private rules: Rule[],
    settings: MeshSettings = DEFAULT_SETTINGS,
    buildSource?: BuildSource,
  ) {
    super(settings, buildSource);
    this.rulesById = new Map(rules.map((r) => [r.id, r]));
  }

  // ------------------------------------------------------------------ files

  setSettings(settings: MeshSettings): string[] {
    const sizeChanged = settings.maxFileSize !== this.settings.maxFileSize || settings.defaultNamespace !== this.settings.defaultNamespace;
    this.settings = settings;
    if (sizeChanged) for (const f of [...this.files.values()]) if (f.skipped !== 'unreadable') this.setFile(f.uri, f.text);
    this.forgetAnalyses();
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
   * A file's entry as `setFile` would make it (or `setUnreadable`, when `text` is an object with
   * the reason), without adding it: `addEntries` adds entries made here or received from another
   * workspace (`foreignFiles`), in the order given, which is the order lookups list them in.
   */
  readEntry(uri: string, text: string | { unreadable: string }): FileEntry {
    return typeof text === 'string' ? this.readFile(uri, text) : unreadableFile(uri, text.unreadable);
  }

  addEntries(entries: Iterable<FileEntry>): void {
    for (const e of entries) this.putFile(e.uri, e, this.files.get(e.uri));
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
    this.perResource.delete(uri);
    const result = { affected: affected.filter((u) => u !== uri).concat(uri) };
    if (old.kustomization || this.kzReferenced.has(uri)) {
      for (const u of this.syncKustomize()) if (!result.affected.includes(u)) result.affected.push(u);
    }
    return this.withBuilds(result, uri, true);
  }

  get ruleList(): readonly Rule[] {
    return this.rules;
  }

  /** The rule with this id, among the rules this workspace runs. */
  rule(id: string): Rule | undefined {
    return this.rulesById.get(id);
  }

  protected forgetAnalyses(): void {
    this.analyses.clear();
    this.dependents.clear();
    this.perResource.clear();
  }

  // ------------------------------------------------------------------ invalidation

  protected invalidate(uri: string, changedKeys: Set<string>): string[] {
    // The change clock serves only the reuse of results per resource.
    if (changedKeys.size && this.reuseResults) {
      this.clock++;
      for (const k of changedKeys) this.keyChanged.set(k, this.clock);
    }
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
    const mode = this.unapplied.has(uri) ? 'none' : viaBuilds ? 'pass' : 'all';
    const previous = this.perResource.get(uri);
    const analysis = this.analyze(
      file,
      this,
      { resources: mode === 'none' ? false : mode === 'pass' ? (res: Resource) => PASS_THROUGH.has(res.kind) : true },
      this.reuseResults
        ? { previous: previous?.mode === mode ? previous.results : undefined, clock: this.clock, changedAt: (k) => this.keyChanged.get(k) ?? 0 }
        : undefined,
    );
    if (analysis.perResource) this.perResource.set(uri, { mode, results: analysis.perResource });
    else this.perResource.delete(uri);
    analysis.perResource = undefined;
    if (viaBuilds) {
      // A chart template that was rendered is checked as rendered: its "not YAML until rendered" note no longer applies.
      if (viaBuilds.some((v) => this.buildFiles.get(v)?.build.kind === 'helm')) analysis.findings = analysis.findings.filter((f) => f.rule !== 'helm-template');
      const fromBuilds = this.findingsFromBuilds(uri, viaBuilds);
      if (fromBuilds.length)
        analysis.findings = applySuppressions(file, [...analysis.findings, ...fromBuilds], this.rules).sort((a, b) => a.start - b.start || a.end - b.end);
    }
    // Ids once the file's list is complete (a build's own findings get theirs in their source file).
    identifyFindings(file, analysis.findings);
    this.remember(uri, analysis);
    return analysis.findings;
  }

  private analyze(file: FileEntry, ws: Lookup, options: { resources: boolean | ((res: Resource) => boolean) }, cache?: ResourceCacheHost): Analysis {
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
          returnedLists: () => this.returned ?? [],
          cache,
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
