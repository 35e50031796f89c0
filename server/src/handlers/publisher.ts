/**
 * The diagnostics publisher. Edits and disk changes mark the files whose findings may have
 * changed (the index says which: `affected`); a flush, debounced, publishes those. A file is sent
 * again only when its diagnostics differ from what the client last got (compared per file), so
 * an edit republishes the files whose findings changed and no other. Publishing always reflects
 * the latest texts, so stale results are never sent after newer ones.
 *
 * Push (`textDocument/publishDiagnostics`) by default; with a client that pulls (LSP 3.17), a
 * change only asks the client to pull again (`workspace/diagnostic/refresh`), and the pull
 * handlers (`pull.ts`) answer from `currentDiagnostics`.
 */
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver-types';
import { SERVER_NAME } from '../protocol';
import type { Workspace } from '../service/index';
import type { ClientSupport } from './capabilities';
import type { IndexPhase } from './indexer';

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;

/** What publishing needs of the server state (declared here: the state owns a publisher, the publisher does not import the state). */
export interface PublishHost {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly ws: Workspace;
  readonly client: Pick<ClientSupport, 'pullDiagnostics' | 'pullRefresh'>;
  readonly indexer: { readonly phase: IndexPhase; elapsed(): number };
  /** Resolves when the disk reads under way are done. */
  settled(): Promise<unknown>;
  /** Document sync: puts the editor's pending texts into the index (before a flush publishes). */
  readonly sync: { applyEditorTexts(): void };
  error(where: string, e: unknown): void;
}

export class Publisher {
  debounceMs = 15;
  /**
   * While the index is being built, an open document's first diagnostics wait up to this long
   * (from the start of indexing) for the index to complete, so that a small workspace shows its
   * complete findings at once, without a partial set first.
   */
  openGraceMs = 1000;
  /** Per file, the diagnostics the client last got (as JSON); a file never sent with findings has no entry. */
  private published = new Map<string, string>();
  /** Files whose findings may have changed since the last flush. */
  private affected = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private graceTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshQueued = false;

  constructor(private readonly host: PublishHost) {}

  /** Files whose findings may have changed (published at the next flush). */
  markAffected(uris: Iterable<string>): void {
    for (const uri of uris) this.affected.add(uri);
  }

  /** Flush soon, coalescing bursts (keystrokes, watched-file events), once pending disk reads are done. */
  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      void this.host.settled().then(() => {
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
      this.host.sync.applyEditorTexts();
      const affected = [...this.affected];
      this.affected.clear();
      for (const uri of affected) this.publish(uri);
    } catch (e) {
      this.host.error('diagnostics', e);
    }
  }

  publishAll(): void {
    for (const uri of this.host.ws.fileUris()) this.publish(uri);
  }

  /** Indexing ended: publish the whole workspace, and clear the files that left the index meanwhile. */
  indexingFinished(): void {
    for (const uri of [...this.affected]) if (!this.host.ws.hasFile(uri)) this.publish(uri);
    this.publishAll();
    this.affected.clear();
  }

  /**
   * The diagnostics to report for `uri` now, or undefined when it is not reported yet: until the
   * workspace is indexed, only open documents are, without the findings that depend on other files.
   */
  currentDiagnostics(uri: string): LspDiagnostic[] | undefined {
    const { ws, documents, indexer } = this.host;
    const phase = indexer.phase;
    if (phase === 'running' && !documents.get(uri)) return undefined;
    let diagnostics = ws.hasFile(uri) ? this.toLsp(uri) : [];
    if (phase === 'running' || phase === 'cancelled') {
      const linked = ws.linkedRules(uri);
      if (linked.size) diagnostics = diagnostics.filter((d) => !linked.has(String(d.code)));
    }
    return diagnostics;
  }

  /** Push (or, in the pull model, announce) the diagnostics of `uri` when its findings changed. */
  publish(uri: string): void {
    const { connection, documents, indexer, client } = this.host;
    if (indexer.phase === 'running' && documents.get(uri)) {
      const wait = this.openGraceMs - indexer.elapsed();
      if (wait > 0) {
        this.affected.add(uri);
        this.graceTimer ??= setTimeout(() => {
          this.graceTimer = undefined;
          this.flushNow();
        }, wait);
        return;
      }
    }
    const diagnostics = this.currentDiagnostics(uri);
    if (!diagnostics || !this.changed(uri, diagnostics)) return;
    if (client.pullDiagnostics) {
      if (client.pullRefresh && !this.refreshQueued) {
        this.refreshQueued = true;
        queueMicrotask(() => {
          this.refreshQueued = false;
          void connection.languages.diagnostics.refresh().catch(() => undefined);
        });
      }
      return;
    }
    void connection.sendDiagnostics({ uri, version: documents.get(uri)?.version, diagnostics });
  }

  /** Whether `diagnostics` differ from what the client last got for `uri` (none at first); records them when they do. */
  private changed(uri: string, diagnostics: LspDiagnostic[]): boolean {
    const key = JSON.stringify(diagnostics);
    const last = this.published.get(uri);
    if (last === key || (last === undefined && !diagnostics.length)) return false;
    this.published.set(uri, key);
    return true;
  }

  /** The findings of `uri` as LSP diagnostics (related locations in other files as ranges there). */
  toLsp(uri: string): LspDiagnostic[] {
    const ws = this.host.ws;
    return ws.diagnostics(uri).map((d) => {
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
          const f = ws.getFile(r.uri);
          return f ? [{ location: { uri: r.uri, range: f.lines.range(r.start, r.end) }, message: r.message }] : [];
        });
      }
      return out;
    });
  }
}
