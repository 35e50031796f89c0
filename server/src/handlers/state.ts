/**
 * Server state: the workspace index, the open documents, the workspace folders, the settings and
 * what the client supports, and the parts that act on them: document sync (`documents.ts`), the
 * diagnostics publisher (`publisher.ts`), background indexing (`indexer.ts`) and Helm chart
 * rendering (`charts.ts`). Every change to the index goes through `setFile` / `removeFile`, which
 * hand the publisher the files whose findings may have changed.
 */
import { type Connection, MessageType, ShowMessageNotification, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isExcludedFile, uriToPath } from '../node/loader';
import { SETTINGS_SECTION } from '../protocol';
import { createWorkspace, type MeshSettings, RULES, resolveSettings, type Workspace } from '../service/index';
import { type SettingsProblem, validateSettings } from '../service/settings';
import { type ClientSupport, NO_CLIENT_SUPPORT } from './capabilities';
import { Charts } from './charts';
import { DocumentSync } from './documents';
import { Indexer } from './indexer';
import { Publisher } from './publisher';

export class ServerState {
  readonly documents = new TextDocuments(TextDocument);
  ws: Workspace;
  settings: MeshSettings;
  folders: string[] = [];
  /** What the client supports (from `initialize`). */
  client: ClientSupport = NO_CLIENT_SUPPORT;
  /** Enabled globs of the editor's `files.exclude` setting. */
  filesExclude: string[] = [];
  /** What the client says of workspace trust (VS Code's `isTrusted`); undefined when it says nothing. */
  workspaceTrusted: boolean | undefined;
  readonly indexer = new Indexer(this);
  readonly publisher = new Publisher(this);
  readonly sync = new DocumentSync(this);
  readonly charts = new Charts(this);
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

  /** Put a text into the index; the files whose findings may change are published at the next flush. */
  setFile(uri: string, text: string): void {
    this.publisher.markAffected(this.ws.setFile(uri, text).affected);
    this.charts.fileChanged(uri);
  }

  /** Take a file out of the index; the files whose findings may change are published at the next flush. */
  removeFile(uri: string): void {
    this.publisher.markAffected(this.ws.removeFile(uri).affected);
    this.charts.fileChanged(uri);
  }

  /** Index every YAML file of the workspace folders in the background (open documents keep their editor text). */
  indexFolders(): Promise<void> {
    return this.indexer.start();
  }

  /** Background indexing: a file read from disk. */
  indexFile(uri: string, text: string): void {
    this.setFile(uri, text);
  }

  /** Background indexing: a file that looks like Kubernetes but cannot be decoded (one file-unreadable finding, as meshlint reports it). */
  indexUnreadable(uri: string, reason: string): void {
    this.publisher.markAffected(this.ws.setUnreadable(uri, reason).affected);
  }

  /** Background indexing: a file that is excluded or holds no Kubernetes object. */
  dropIndexed(uri: string): void {
    if (this.ws.hasFile(uri)) this.removeFile(uri);
  }

  /** Indexing ended: publish the whole workspace, cross-file findings included; then render the charts. */
  indexingFinished(): void {
    this.publisher.indexingFinished();
    this.charts.render();
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
    this.publisher.publishAll();
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
}
