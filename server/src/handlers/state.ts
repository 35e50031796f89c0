/**
 * Server state: the workspace index, open documents, settings, and diagnostics publishing.
 * Open documents override the disk copy; closing falls back to disk. Changes are coalesced
 * (debounced) and published for every file whose findings changed; publishing always reflects
 * the latest texts, so stale results are never sent after newer ones.
 */
import picomatch from 'picomatch';
import { TextDocuments, type Connection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver-types';
import { createWorkspace, resolveSettings, type MeshSettings, type Workspace } from '../service/index';
import { listYamlFiles, readText, uriToPath } from '../node/loader';

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint } as const;
const YAML = /\.ya?ml$/i;

export class ServerState {
  readonly documents = new TextDocuments(TextDocument);
  ws: Workspace;
  settings: MeshSettings;
  folders: string[] = [];
  configurationSupport = false;
  watchedFilesDynamic = false;
  private published = new Map<string, string>();
  private dirty = new Set<string>();
  private pendingAffected = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  debounceMs = 15;
  /** Disk reads under way (indexing, closing, watched files); requests wait for them. */
  private pending: Promise<unknown> = Promise.resolve();

  constructor(readonly connection: Connection) {
    this.ready = new Promise((r) => (this.markReadyFn = r));
    this.settings = resolveSettings({});
    this.ws = createWorkspace(this.settings);
  }

  /** Queue work that reads the disk, so requests see its result. */
  track<T>(work: Promise<T>): Promise<T> {
    this.pending = Promise.all([this.pending, work.catch((e) => this.error('background', e))]);
    return work;
  }

  settled(): Promise<unknown> {
    return Promise.all([this.ready, this.pending]);
  }

  /** Resolved once the workspace folders are indexed: nothing is published before, so no finding is based on a half-read workspace. */
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

  isExcluded(uri: string): boolean {
    if (!this.settings.exclude.length) return false;
    const path = uriToPath(uri);
    if (!path) return false;
    const match = picomatch(this.settings.exclude, { dot: true });
    return this.folders.some((f) => path.startsWith(f + '/') && match(path.slice(f.length + 1)));
  }

  /** Index every YAML file of the workspace folders (open documents keep their editor text). */
  async indexFolders(): Promise<void> {
    let count = 0;
    for (const folder of this.folders) {
      for (const f of listYamlFiles(folder, this.settings.exclude)) {
        if (this.documents.get(f.uri)) continue;
        const text = await readText(f.path);
        if (text === undefined) continue;
        this.ws.setFile(f.uri, text);
        count++;
      }
    }
    this.log(`mesh-lsp: indexed ${count} files in ${this.folders.length} folder(s)`);
    this.publishAll();
  }

  applySettings(raw: unknown): void {
    const next = resolveSettings(raw);
    const excludeChanged = JSON.stringify(next.exclude) !== JSON.stringify(this.settings.exclude);
    this.settings = next;
    this.ws.setSettings(next);
    if (excludeChanged) {
      for (const uri of this.ws.fileUris()) if (this.isExcluded(uri) && !this.documents.get(uri)) this.ws.removeFile(uri);
      void this.track(this.indexFolders());
    }
    this.publishAll();
  }

  /** A document changed in the editor: update soon (coalescing bursts of keystrokes). */
  documentChanged(uri: string): void {
    this.dirty.add(uri);
    this.schedule();
  }

  /** A document was closed: fall back to the disk copy (or drop it when it is gone). */
  async documentClosed(uri: string): Promise<void> {
    this.dirty.delete(uri);
    const path = uriToPath(uri);
    const text = path ? await readText(path) : undefined;
    if (this.documents.get(uri)) return; // reopened while the disk copy was read: the editor's text wins
    const inFolder = path ? this.folders.some((f) => path.startsWith(f + '/')) : false;
    if (text !== undefined && inFolder && !this.isExcluded(uri)) this.update(uri, text);
    else this.remove(uri);
    this.flushNow();
  }

  async fileChangedOnDisk(uri: string, deleted: boolean): Promise<void> {
    if (this.documents.get(uri)) return; // the editor's text wins
    if (deleted) this.remove(uri);
    else {
      const path = uriToPath(uri);
      if (!path || !YAML.test(path) || this.isExcluded(uri)) return;
      const text = await readText(path);
      if (text === undefined) this.remove(uri);
      else this.update(uri, text);
    }
    this.schedule();
  }

  private update(uri: string, text: string): void {
    for (const a of this.ws.setFile(uri, text).affected) this.pendingAffected.add(a);
  }

  private remove(uri: string): void {
    for (const a of this.ws.removeFile(uri).affected) this.pendingAffected.add(a);
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

  publish(uri: string): void {
    const diagnostics = this.ws.hasFile(uri) ? this.toLsp(uri) : [];
    const key = JSON.stringify(diagnostics);
    const last = this.published.get(uri);
    if (last === key || (last === undefined && !diagnostics.length)) return;
    if (diagnostics.length || last !== undefined) this.published.set(uri, key);
    const doc = this.documents.get(uri);
    void this.connection.sendDiagnostics({ uri, version: doc?.version, diagnostics });
  }

  toLsp(uri: string): LspDiagnostic[] {
    return this.ws.diagnostics(uri).map((d) => {
      const out: LspDiagnostic = {
        range: d.range,
        severity: SEVERITY[d.severity],
        code: d.rule,
        source: 'mesh-lsp',
        message: d.message,
        data: { rule: d.rule, ...(d.data ? { data: d.data } : {}) },
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
