/** Navigation and information features: hover, definition, references, rename, completion, symbols, code lens. */
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { completion } from '../service/features/completion';
import { hover } from '../service/features/hover';
import { definition, references } from '../service/features/navigation';
import { prepareRename, rename } from '../service/features/rename';
import { codeLenses, documentSymbols, workspaceSymbols } from '../service/features/symbols';
import type { ServerState } from './state';

/**
 * Run a request handler; failures are logged to the client and answered with a proper LSP error.
 * `whole`: the answer depends on the whole workspace (references, rename, cross-file edits), so it
 * waits for background indexing to end; other requests are answered at once, during indexing too.
 */
export function guarded<P, R>(state: ServerState, name: string, fn: (p: P) => R | Promise<R>, whole = false): (p: P) => Promise<R> {
  return async (p: P) => {
    try {
      await state.settled();
      if (whole) await state.indexer.whenDone();
      state.publisher.flushNow();
      return await fn(p);
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      state.error(name, e);
      throw new ResponseError(ErrorCodes.InternalError, `mesh-lsp: ${name} failed: ${(e as Error)?.message ?? e}`);
    }
  };
}

export function registerFeatures(state: ServerState): void {
  const { connection, ws } = {
    connection: state.connection,
    get ws() {
      return state.ws;
    },
  };
  connection.onHover(guarded(state, 'hover', (p) => hover(ws, p.textDocument.uri, p.position)));
  connection.onDefinition(guarded(state, 'definition', (p) => definition(ws, p.textDocument.uri, p.position), true));
  connection.onReferences(guarded(state, 'references', (p) => references(ws, p.textDocument.uri, p.position, p.context?.includeDeclaration ?? true), true));
  connection.onPrepareRename(
    guarded(
      state,
      'prepareRename',
      (p) => {
        const r = prepareRename(ws, p.textDocument.uri, p.position);
        if ('error' in r) throw new ResponseError(ErrorCodes.InvalidRequest, r.error);
        return r;
      },
      true,
    ),
  );
  connection.onRenameRequest(
    guarded(
      state,
      'rename',
      (p) => {
        const r = rename(ws, p.textDocument.uri, p.position, p.newName);
        if ('error' in r) throw new ResponseError(ErrorCodes.InvalidRequest, r.error);
        return r.edit;
      },
      true,
    ),
  );
  connection.onCompletion(guarded(state, 'completion', (p) => completion(ws, p.textDocument.uri, p.position)));
  connection.onDocumentSymbol(guarded(state, 'documentSymbol', (p) => documentSymbols(ws, p.textDocument.uri)));
  connection.onWorkspaceSymbol(guarded(state, 'workspaceSymbol', (p) => workspaceSymbols(ws, p.query), true));
  connection.onCodeLens(guarded(state, 'codeLens', (p) => codeLenses(ws, p.textDocument.uri), true));
}
