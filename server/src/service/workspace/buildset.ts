/**
 * The builds of the workspace (see builds.ts for how one is analysed): the Kustomize roots
 * among the files and the charts the Node layer rendered, each made again only when one of its
 * inputs changed, and which files each build applies.
 */

import { unreferencedFiles } from '../build/discover';
import type { Build, BuildSource } from '../build/types';
import { isKustomizationUri } from '../kustomize';
import { baseName } from '../links';
import type { FileEntry } from '../lookup';
import type { MeshSettings } from '../settings';
import { type BuildFile, buildFileUri, buildUri, isBuildUri, type MaterialCache, materialize } from './builds';
import { type UpdateResult, WorkspaceFiles } from './files';

export abstract class WorkspaceBuilds extends WorkspaceFiles {
  // The build of each root, by its virtual URI; the builds that apply each file.
  protected buildFiles = new Map<string, BuildFile>();
  /** The entry of each input a build was made from, to tell when it must be made again. */
  private buildInputs = new Map<string, Map<string, FileEntry | undefined>>();
  protected buildsOf = new Map<string, string[]>();
  /** Files under a kustomization's folder that no kustomization includes: applied by nobody. */
  protected unapplied = new Set<string>();
  private rendered: Build[] = [];
  private buildsDirty = true;
  /** The Kustomize roots among the files (undefined: find them again). */
  private kustomizeRoots: string[] | undefined;
  private fileSetChanged = true;
  private buildsReady = false;
  /** Built objects as YAML, parsed, shared by the builds that apply the same object (kept for the current builds only). */
  private materialCache: MaterialCache = new Map();

  constructor(
    settings: MeshSettings,
    private buildSource?: BuildSource,
  ) {
    super(settings);
  }

  /**
   * After a change: builds are made again (when they were made before) and the files they apply
   * are affected. The roots are found again only when a kustomization changed, and the files
   * applied by nobody only when the set of files or a build changed: an edit of any other file
   * (every keystroke in the editor) only compares each build's inputs.
   */
  protected withBuilds(result: UpdateResult, uri: string, fileSetChanged: boolean): UpdateResult {
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
  protected ensureBuilds(): string[] {
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

  getFile(uri: string): FileEntry | undefined {
    return this.files.get(uri) ?? (isBuildUri(uri) ? this.buildFiles.get(buildFileUri(uri))?.entry : undefined);
  }

  /** The analysed form of a build, by its id. */
  builtFile(id: string): BuildFile | undefined {
    return this.buildFiles.get(buildUri(id));
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
}
