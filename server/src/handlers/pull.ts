/**
 * Pull diagnostics (LSP 3.17 `textDocument/diagnostic`, `workspace/diagnostic`), offered when the
 * client supports them instead of pushing `publishDiagnostics`. Result ids are content hashes, so
 * a client re-asking about an unchanged file gets `unchanged` without the findings again.
 */
import { createHash } from 'node:crypto';
import { type DocumentDiagnosticReport, DocumentDiagnosticReportKind, type WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver/node';
import { guarded } from './features';
import type { ServerState } from './state';

export const DIAGNOSTIC_PROVIDER = { identifier: 'mesh-lsp', interFileDependencies: true, workspaceDiagnostics: true };

function resultId(items: unknown[]): string {
  return createHash('sha1').update(JSON.stringify(items)).digest('base64url').slice(0, 16);
}

export function registerPullDiagnostics(state: ServerState): void {
  const diags = state.connection.languages.diagnostics;
  diags.on(
    guarded(state, 'textDocument/diagnostic', (p): DocumentDiagnosticReport => {
      const items = state.publisher.currentDiagnostics(p.textDocument.uri) ?? [];
      const id = resultId(items);
      if (p.previousResultId === id) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: id };
      return { kind: DocumentDiagnosticReportKind.Full, resultId: id, items };
    }),
  );
  // Workspace-wide: answered once the index is complete.
  diags.onWorkspace(
    guarded(
      state,
      'workspace/diagnostic',
      (p) => {
        const previous = new Map(p.previousResultIds.map((r) => [r.uri, r.value]));
        const items: WorkspaceDocumentDiagnosticReport[] = [];
        for (const uri of state.ws.fileUris()) {
          const found = state.publisher.currentDiagnostics(uri) ?? [];
          if (!found.length && !previous.has(uri)) continue;
          const id = resultId(found);
          const version = state.documents.get(uri)?.version ?? null;
          if (previous.get(uri) === id) items.push({ kind: DocumentDiagnosticReportKind.Unchanged, uri, version, resultId: id });
          else items.push({ kind: DocumentDiagnosticReportKind.Full, uri, version, resultId: id, items: found });
        }
        return { items };
      },
      true,
    ),
  );
}
