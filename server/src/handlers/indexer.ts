/**
 * Background indexing of the workspace folders. Opened documents are analyzed at once; the
 * rest of the workspace is read in short chunks (about 10 ms of work each) that yield to the
 * event loop, so requests, edits and the client's messages are served while a big root is
 * indexed. With a client that supports it, progress is reported as `$/progress` (work-done
 * progress) and the user can cancel it. A new start (settings changed) supersedes a running one.
 */

import type { Connection, WorkDoneProgressServerReporter } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { readCandidate, walkYaml } from '../node/loader';
import type { Workspace } from '../service/index';
import type { ClientSupport } from './capabilities';

/** What indexing needs of the server state (declared here: the state owns an indexer, the indexer does not import the state). */
export interface IndexHost {
  readonly connection: Connection;
  readonly client: Pick<ClientSupport, 'workDoneProgress'>;
  readonly folders: string[];
  readonly ws: Pick<Workspace, 'fileUris'>;
  readonly documents: { get(uri: string): unknown };
  readonly settings: { maxFileSize: number };
  /** Globs (relative to a folder) of files not to index. */
  excludeGlobs(): string[];
  /** A file read from disk. */
  indexFile(uri: string, text: string): void;
  /** A file that looks like Kubernetes but cannot be decoded: `reason` says why. */
  indexUnreadable(uri: string, reason: string): void;
  /** A file that is excluded or holds no Kubernetes object. */
  dropIndexed(uri: string): void;
  /** The run ended (complete or cancelled). */
  indexingFinished(): void;
  log(message: string): void;
  error(where: string, e: unknown): void;
}

export type IndexPhase = 'idle' | 'running' | 'complete' | 'cancelled';

const CHUNK_MS = 10;
const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r));

export class Indexer {
  phase: IndexPhase = 'idle';
  private generation = 0;
  private current: Promise<void> = Promise.resolve();
  /** Counts of the last run, for the log and tests. */
  stats = { files: 0, indexed: 0, skipped: 0, ms: 0 };

  constructor(private readonly state: IndexHost) {}

  /** Start (or restart) indexing every folder; resolves when this run ends (or is superseded). */
  private startedAt = 0;

  /** Milliseconds since the current (or last) run started. */
  elapsed(): number {
    return performance.now() - this.startedAt;
  }

  start(): Promise<void> {
    const gen = ++this.generation;
    this.startedAt = performance.now();
    this.phase = 'running';
    this.current = this.run(gen).catch((e) => this.state.error('indexing', e));
    return this.current;
  }

  /** Stop a running index (shutdown). */
  stop(): void {
    this.generation++;
    if (this.phase === 'running') this.phase = 'cancelled';
  }

  whenDone(): Promise<void> {
    return this.current;
  }

  private async run(gen: number): Promise<void> {
    const st = this.state;
    const t0 = performance.now();
    const stale = () => gen !== this.generation;
    let userCancelled = false;
    let progress: WorkDoneProgressServerReporter | undefined;
    if (st.client.workDoneProgress) {
      try {
        progress = await st.connection.window.createWorkDoneProgress();
        progress.begin('mesh-lsp: indexing', 0, 'looking for YAML files', true);
        progress.token.onCancellationRequested(() => (userCancelled = true));
      } catch {
        progress = undefined;
      }
    }
    const stop = () => stale() || userCancelled;
    try {
      const paths: string[] = [];
      for (const folder of st.folders) paths.push(...(await walkYaml(folder, { exclude: st.excludeGlobs(), cancelled: stop })));
      if (stop()) return this.finish(gen, userCancelled, progress, t0);
      // Files indexed before that are now excluded (settings changed) leave the index.
      const wanted = new Set(paths.map((p) => URI.file(p).toString()));
      for (const uri of st.ws.fileUris()) if (!wanted.has(uri) && !st.documents.get(uri)) st.dropIndexed(uri);
      let indexed = 0;
      let skipped = 0;
      let slice = performance.now();
      for (let i = 0; i < paths.length; i++) {
        if (stop()) break;
        const uri = URI.file(paths[i]).toString();
        if (st.documents.get(uri)) continue; // the editor's text wins
        const c = await readCandidate(paths[i], st.settings.maxFileSize);
        if (stop()) break;
        if ('text' in c) {
          st.indexFile(uri, c.text);
          indexed++;
        } else if ('unreadable' in c) {
          st.indexUnreadable(uri, c.unreadable);
          indexed++;
        } else {
          st.dropIndexed(uri);
          skipped++;
        }
        if (performance.now() - slice > CHUNK_MS) {
          progress?.report(Math.floor((100 * (i + 1)) / paths.length), `${i + 1}/${paths.length} files`);
          await yieldToEventLoop();
          slice = performance.now();
        }
      }
      this.stats = { files: paths.length, indexed, skipped, ms: 0 };
      return this.finish(gen, userCancelled, progress, t0);
    } catch (e) {
      progress?.done();
      throw e;
    }
  }

  private finish(gen: number, userCancelled: boolean, progress: WorkDoneProgressServerReporter | undefined, t0: number): void {
    progress?.done();
    if (gen !== this.generation) return; // superseded: the newer run reports
    this.stats.ms = Math.round(performance.now() - t0);
    this.phase = userCancelled ? 'cancelled' : 'complete';
    this.state.log(
      userCancelled
        ? `mesh-lsp: indexing cancelled after ${this.stats.ms} ms; findings that depend on other files are not shown`
        : `mesh-lsp: indexed ${this.stats.indexed} files in ${this.state.folders.length} folder(s) (${this.stats.skipped} YAML files without Kubernetes objects skipped) in ${this.stats.ms} ms`,
    );
    this.state.indexingFinished();
  }
}
