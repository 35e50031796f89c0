/**
 * Server state: the workspace index, open documents, settings, and diagnostics publishing.
 * Open documents override the disk copy; closing falls back to the disk copy of a file under a
 * workspace folder (only those are ever read from disk). Changes are coalesced
 * (debounced) and published for every file whose findings changed; publishing always reflects
 * the latest texts, so stale results are never sent after newer ones.
 */
import { realpath } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { type Connection, MessageType, ShowMessageNotification, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver-types';
import { chooseHelm, discoverChartsOnDisk, type HelmChoice, HelmRenderer } from '../node/helm';
import { isExcludedFile, isGitIgnored, isInside, LOOKS_KUBERNETES, readText, uriToPath } from '../node/loader';
import { SERVER_NAME, SETTINGS_SECTION } from '../protocol';
import { createWorkspace, type MeshSettings, RULES, resolveSettings, type Workspace } from '../service/index';
import { type SettingsProblem, validateSettings } from '../service/settings';
import { Indexer } from './indexer';

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;
const YAML = /\.ya?ml$/i;
export class ServerState {
  readonly documents = new TextDocuments(TextDocument);
  ws: Workspace;
  settings: MeshSettings;
  folders: string[] = [];
  configurationSupport = false;
  /** The client shows disabled code actions (with their reason), e.g. "weights are managed by …". */
  disabledCodeActions = false;
  watchedFilesDynamic = false;
  workDoneProgressSupport = false;
  /** Enabled globs of the editor's `files.exclude` setting. */
  filesExclude: string[] = [];
  /** What the client says of workspace trust (VS Code's `isTrusted`); undefined when it says nothing. */
  workspaceTrusted: boolean | undefined;
  readonly indexer = new Indexer(this);
  private published = new Map<string, string>();
  private dirty = new Set<string>();
  private pendingAffected = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  debounceMs = 15;
  /**
   * While the index is being built, an open document's first diagnostics wait up to this long
   * (from the start of indexing) for the index to complete, so that a small workspace shows its
   * complete findings at once, without a partial set first.
   */
  openGraceMs = 1000;
  private graceTimer: NodeJS.Timeout | undefined;
  /** Disk reads under way (indexing, closing, watched files); requests wait for them. */
  private pending: Promise<unknown> = Promise.resolve();

  constructor(readonly connection: Connection) {
    this.ready = new Promise((r) => (this.markReadyFn = r));
    this.settings = resolveSettings({});
    this.ws = createWorkspace(this.settings);
  }

  /** Whether Helm charts may be rendered, and with which helm: never in a workspace the client does not trust. */
  helm(): HelmChoice {
    // A relative path (`./bin/helm`) is relative to the (first) workspace folder.
    let command = this.settings.helmCommand;
    if (command && /[\\/]/.test(command) && !isAbsolute(command) && this.folders[0]) command = resolve(this.folders[0], command);
    return chooseHelm({ trusted: this.workspaceTrusted, command });
  }

  /** Queue work that reads the disk, so requests see its result. */
  track<T>(work: Promise<T>): Promise<T> {
    this.pending = Promise.all([this.pending, work.catch((e) => this.error('background', e))]);
    return work;
  }

  settled(): Promise<unknown> {
    return Promise.all([this.ready, this.pending]);
  }

  /** Resolved once settings are known (requests wait for it). Indexing runs after, in the background: until it completes, only open documents are published, without cross-file findings, so no finding is based on a half-read workspace. */
  private ready: Promise<void>;
  private markReadyFn!: () => void;
  markReady(): void {
    this.markReadyFn();
  }

  log(message: string): void {
    this.connection.console.log(message);
  }

  error(where: string, e: unknown): void {
    this.connection.console.error(`${where}: ${(e as Error)?.stack ?? String(e)}`);
  }

  /** Globs (relative to a folder) of files not to index: meshLsp.exclude and files.exclude. */
  excludeGlobs(): string[] {
    return [...this.settings.exclude, ...this.filesExclude];
  }

  /** Would indexing skip this file (exclude globs, or a skipped folder such as node_modules on its way)? */
  isExcluded(uri: string): boolean {
    const path = uriToPath(uri);
    if (!path) return false;
    const globs = this.excludeGlobs();
    return this.folders.some((f) => isExcludedFile(f, path, globs));
  }

  /** Index every YAML file of the workspace folders in the background (open documents keep their editor text). */
  indexFolders(): Promise<void> {
    return this.indexer.start();
  }

  /** Background indexing: a file read from disk. */
  indexFile(uri: string, text: string): void {
    this.update(uri, text);
  }

  /** Background indexing: a file that looks like Kubernetes but cannot be decoded (one file-unreadable finding, as meshlint reports it). */
  indexUnreadable(uri: string, reason: string): void {
    for (const a of this.ws.setUnreadable(uri, reason).affected) this.pendingAffected.add(a);
  }

  /** Background indexing: a file that is excluded or holds no Kubernetes object. */
  dropIndexed(uri: string): void {
    if (this.ws.hasFile(uri)) this.remove(uri);
  }

  /** Indexing ended: publish the whole workspace, cross-file findings included. */
  indexingFinished(): void {
    // Files that left the index meanwhile get their diagnostics cleared; every other file is published now.
    for (const uri of [...this.pendingAffected]) if (!this.ws.hasFile(uri)) this.publish(uri);
    this.publishAll();
    this.pendingAffected.clear();
    this.renderCharts();
  }

  private renderGeneration = 0;
  /** The chart folders of the rendered builds handed to the workspace (a change under one renders again). */
  private helmRoots: string[] = [];
  private renderTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * Render the workspace's Helm charts (with their values files) and analyse them as builds,
   * when helm may run here (a trusted workspace, helm found); then publish what changed. Runs
   * after indexing and again, debounced, when a file of a chart changes. Never blocks requests.
   */
  renderCharts(): void {
    const choice = this.helm();
    const gen = ++this.renderGeneration;
    const requests = discoverChartsOnDisk(this.ws.fileUris(), { namespace: this.settings.defaultNamespace || undefined });
    if (!('command' in choice)) {
      if (requests.length) this.log(`mesh-lsp: Helm charts not rendered (${requests.length} chart builds): ${choice.reason}`);
      if (this.helmRoots.length) {
        this.helmRoots = [];
        for (const a of this.ws.setRenderedBuilds([])) this.pendingAffected.add(a);
        this.schedule();
      }
      return;
    }
    if (!requests.length) return;
    const renderer = new HelmRenderer({ command: choice.command });
    const t0 = performance.now();
    void Promise.all(requests.map((r) => renderer.render(r)))
      .then((builds) => {
        if (gen !== this.renderGeneration) return; // a newer render supersedes this one
        for (const a of this.ws.setRenderedBuilds(builds)) this.pendingAffected.add(a);
        this.helmRoots = builds.map((b) => b.root);
        const problems = builds.reduce((n, b) => n + b.problems.length, 0);
        this.log(
          `mesh-lsp: rendered ${builds.length} Helm chart builds in ${Math.round(performance.now() - t0)} ms${problems ? ` (${problems} problems)` : ''}`,
        );
        this.schedule();
      })
      .catch((e) => this.error('helm', e));
  }

  /** A file under a chart changed: render the charts again shortly. */
  private chartFileChanged(uri: string): void {
    if (!this.helmRoots.some((r) => uri.startsWith(r))) return;
    if (this.renderTimer) clearTimeout(this.renderTimer);
    this.renderTimer = setTimeout(() => {
      this.renderTimer = undefined;
      this.renderCharts();
    }, 500);
  }

  /** The settings problems last shown to the user (each distinct set is shown once). */
  private shownProblems = '';

  applySettings(raw: unknown): void {
    const { settings: next, problems } = validateSettings(raw, { ruleIds: RULES.map((r) => r.id) });
    this.reportSettingsProblems(problems);
    const excludeChanged = JSON.stringify(next.exclude) !== JSON.stringify(this.settings.exclude) || next.maxFileSize !== this.settings.maxFileSize;
    this.settings = next;
    this.ws.setSettings(next);
    if (excludeChanged && this.indexer.phase !== 'idle') void this.indexFolders();
    this.publishAll();
  }

  /** Ill-typed or out-of-range settings: a warning the user sees (once per distinct set) and a log line each. */
  private reportSettingsProblems(problems: SettingsProblem[]): void {
    const lines = problems.map((p) => `${SETTINGS_SECTION}${p.key ? `.${p.key}` : ''}: ${p.message}`);
    const key = lines.join('\n');
    if (key === this.shownProblems) return;
    this.shownProblems = key;
    if (!lines.length) return;
    for (const l of lines) this.connection.console.warn(`settings: ${l}`);
    const more = lines.length > 1 ? ` (and ${lines.length - 1} more: see the output)` : '';
    void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `mesh-lsp: invalid setting ${lines[0]}${more}` });
  }

  /** The editor's `files.exclude` (a map of glob to boolean). */
  applyFilesExclude(raw: unknown): void {
    const globs =
      raw && typeof raw === 'object'
        ? Object.entries(raw as Record<string, unknown>)
            .filter(([, v]) => v === true)
            .map(([k]) => k)
        : [];
    if (JSON.stringify(globs) === JSON.stringify(this.filesExclude)) return;
    this.filesExclude = globs;
    if (this.indexer.phase !== 'idle') void this.indexFolders();
  }

  /** A document changed in the editor: update soon (coalescing bursts of keystrokes). */
  documentChanged(uri: string): void {
    this.dirty.add(uri);
    this.schedule();
  }

  /**
   * The workspace folder a file may be read from, or undefined: only files under a workspace
   * folder are read from disk, and, as indexing does not follow symbolic links, only when the
   * file's real path lies under the folder's real path (`..` segments and links out of the folder
   * do not count). The client names the paths; the server does not read elsewhere on its word.
   */
  async readableFolder(path: string): Promise<string | undefined> {
    const abs = resolve(path);
    const real = await realpath(abs).catch(() => undefined);
    for (const f of this.folders) {
      const folder = f || '/';
      if (!isInside(abs, folder)) continue;
      const realFolder = await realpath(folder).catch(() => folder);
      if (real && isInside(real, realFolder)) return folder;
    }
    return undefined;
  }

  /** A document was closed: fall back to the disk copy when it lies in a workspace folder, else drop it. */
  async documentClosed(uri: string): Promise<void> {
    this.dirty.delete(uri);
    const path = uriToPath(uri);
    const folder = path && !this.isExcluded(uri) ? await this.readableFolder(path) : undefined;
    const text = path && folder ? await readText(path) : undefined;
    if (this.documents.get(uri)) return; // reopened while the disk copy was read: the editor's text wins
    if (text !== undefined && LOOKS_KUBERNETES.test(text)) this.update(uri, text);
    else this.remove(uri);
    this.flushNow();
  }

  async fileChangedOnDisk(uri: string, deleted: boolean): Promise<void> {
    if (this.documents.get(uri)) return; // the editor's text wins
    if (deleted) this.remove(uri);
    else {
      const path = uriToPath(uri);
      if (!path || !YAML.test(path) || this.isExcluded(uri)) return;
      const folder = await this.readableFolder(path);
      // A file outside the workspace folders is not read (and leaves the index if it was in it).
      if (!folder) {
        if (this.ws.hasFile(uri)) this.remove(uri);
      } else if (await isGitIgnored(folder, resolve(path))) return;
      else {
        const text = await readText(path);
        if (text === undefined || !LOOKS_KUBERNETES.test(text)) this.remove(uri);
        else this.update(uri, text);
      }
    }
    this.schedule();
  }

  private update(uri: string, text: string): void {
    for (const a of this.ws.setFile(uri, text).affected) this.pendingAffected.add(a);
    this.chartFileChanged(uri);
  }

  private remove(uri: string): void {
    for (const a of this.ws.removeFile(uri).affected) this.pendingAffected.add(a);
    this.chartFileChanged(uri);
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      void this.settled().then(() => {
        this.timer = undefined;
        this.flushNow();
      });
    }, this.debounceMs);
  }

  /** Apply pending document texts and publish every file whose findings changed. */
  flushNow(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    try {
      for (const uri of this.dirty) {
        const doc = this.documents.get(uri);
        if (doc) this.update(uri, doc.getText());
      }
      this.dirty.clear();
      const affected = [...this.pendingAffected];
      this.pendingAffected.clear();
      for (const uri of affected) this.publish(uri);
    } catch (e) {
      this.error('diagnostics', e);
    }
  }

  publishAll(): void {
    for (const uri of this.ws.fileUris()) this.publish(uri);
  }

  /**
   * The diagnostics to report for `uri` now, or undefined when it is not reported yet: until the
   * workspace is indexed, only open documents are, without the findings that depend on other files.
   */
  currentDiagnostics(uri: string): LspDiagnostic[] | undefined {
    const phase = this.indexer.phase;
    if (phase === 'running' && !this.documents.get(uri)) return undefined;
    let diagnostics = this.ws.hasFile(uri) ? this.toLsp(uri) : [];
    if (phase === 'running' || phase === 'cancelled') {
      const linked = this.ws.linkedRules(uri);
      if (linked.size) diagnostics = diagnostics.filter((d) => !linked.has(String(d.code)));
    }
    return diagnostics;
  }

  /** Pull model (LSP 3.17): the client asks for diagnostics; changes only trigger a refresh request. */
  pullDiagnostics = false;
  pullRefreshSupport = false;
  private refreshQueued = false;

  /** Push (or, in the pull model, announce) the diagnostics of `uri` when its findings changed. */
  publish(uri: string): void {
    if (this.indexer.phase === 'running' && this.documents.get(uri)) {
      const wait = this.openGraceMs - this.indexer.elapsed();
      if (wait > 0) {
        this.pendingAffected.add(uri);
        this.graceTimer ??= setTimeout(() => {
          this.graceTimer = undefined;
          this.flushNow();
        }, wait);
        return;
      }
    }
    const diagnostics = this.currentDiagnostics(uri);
    if (!diagnostics) return;
    const key = JSON.stringify(diagnostics);
    const last = this.published.get(uri);
    if (last === key || (last === undefined && !diagnostics.length)) return;
    if (diagnostics.length || last !== undefined) this.published.set(uri, key);
    if (this.pullDiagnostics) {
      if (this.pullRefreshSupport && !this.refreshQueued) {
        this.refreshQueued = true;
        queueMicrotask(() => {
          this.refreshQueued = false;
          void this.connection.languages.diagnostics.refresh().catch(() => undefined);
        });
      }
      return;
    }
    void this.connection.sendDiagnostics({ uri, version: this.documents.get(uri)?.version, diagnostics });
  }

  toLsp(uri: string): LspDiagnostic[] {
    return this.ws.diagnostics(uri).map((d) => {
      const out: LspDiagnostic = {
        range: d.range,
        severity: SEVERITY[d.severity],
        code: d.rule,
        source: SERVER_NAME,
        message: d.message,
        data: { id: d.id },
      };
      if (d.related?.length) {
        out.relatedInformation = d.related.flatMap((r) => {
          const f = this.ws.getFile(r.uri);
          return f ? [{ location: { uri: r.uri, range: f.lines.range(r.start, r.end) }, message: r.message }] : [];
        });
      }
      return out;
    });
  }
}
