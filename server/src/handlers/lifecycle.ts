/** initialize / initialized, settings, documents and watched files: the LSP events, handed to the state's parts. */
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type InitializeResult,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { SERVER_NAME, SETTINGS_SECTION, VERSION } from '../protocol';
import { clientSupport } from './capabilities';
import { onShutdown, watchClientProcess } from './exit';
import { DIAGNOSTIC_PROVIDER } from './pull';
import type { ServerState } from './state';

export function registerLifecycle(state: ServerState, capabilities: InitializeResult['capabilities']): void {
  const { connection, documents } = state;
  let initOptions: unknown;

  connection.onInitialize((params) => {
    watchClientProcess(params.processId);
    state.client = clientSupport(params.capabilities);
    onShutdown(() => state.indexer.stop());
    const folders =
      params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : params.rootPath ? [URI.file(params.rootPath).toString()] : []);
    state.folders = folders.flatMap((u) => {
      try {
        const p = URI.parse(u);
        return p.scheme === 'file' ? [p.fsPath.replace(/\/$/, '')] : [];
      } catch {
        return [];
      }
    });
    // Cross-file messages name other files relative to the workspace folder.
    state.ws.roots = folders;
    initOptions = params.initializationOptions;
    const opts = initOptions as { settings?: unknown; debounceMs?: number; openGraceMs?: number; workspaceTrusted?: unknown } | undefined;
    if (typeof opts?.workspaceTrusted === 'boolean') state.workspaceTrusted = opts.workspaceTrusted;
    if (typeof opts?.openGraceMs === 'number' && opts.openGraceMs >= 0) state.publisher.openGraceMs = opts.openGraceMs;
    if (opts?.settings) state.applySettings(opts.settings);
    if (typeof opts?.debounceMs === 'number' && opts.debounceMs >= 0) state.publisher.debounceMs = opts.debounceMs;
    return {
      capabilities: state.client.pullDiagnostics ? { ...capabilities, diagnosticProvider: DIAGNOSTIC_PROVIDER } : capabilities,
      serverInfo: { name: SERVER_NAME, version: VERSION },
    };
  });

  connection.onInitialized(async () => {
    try {
      if (state.client.configuration) {
        if (state.client.configurationDynamic)
          void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch(() => undefined);
        await fetchSettings(state);
      }
      if (state.client.watchedFilesDynamic)
        void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{yaml,yml}' }] }).catch(() => undefined);
    } catch (e) {
      state.error('initialized', e);
    } finally {
      // Requests and open documents are served from here on; the workspace is indexed in the background.
      state.markReady();
    }
    void state.indexFolders();
  });

  connection.onDidChangeConfiguration(async (change) => {
    try {
      const all = change.settings as Record<string, unknown> | undefined;
      const pushed = all?.[SETTINGS_SECTION];
      if (all?.files && typeof all.files === 'object') state.applyFilesExclude((all.files as { exclude?: unknown }).exclude);
      if (pushed) state.applySettings(pushed);
      else if (state.client.configuration) await fetchSettings(state);
    } catch (e) {
      state.error('configuration', e);
    }
  });

  documents.onDidChangeContent((e) => state.sync.changed(e.document.uri));
  documents.onDidOpen((e) => state.sync.changed(e.document.uri));
  documents.onDidClose((e) => void state.track(state.sync.closed(e.document.uri)));

  connection.onDidChangeWatchedFiles(async (params) => {
    for (const c of params.changes) {
      try {
        await state.track(state.sync.changedOnDisk(c.uri, c.type === FileChangeType.Deleted));
      } catch (e) {
        state.error('watched files', e);
      }
    }
  });
}

async function fetchSettings(state: ServerState): Promise<void> {
  try {
    const [cfg, files] = await state.connection.workspace.getConfiguration([{ section: SETTINGS_SECTION }, { section: 'files' }]);
    if (files && typeof files === 'object') state.applyFilesExclude((files as { exclude?: unknown }).exclude);
    if (cfg && typeof cfg === 'object') state.applySettings(cfg);
  } catch (e) {
    state.error('workspace/configuration', e);
  }
}

export const SYNC_KIND = TextDocumentSyncKind.Incremental;
