/** mesh-lsp: the language server (`mesh-lsp --stdio` or `--node-ipc`). LSP wiring only; the analysis lives in service/. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { CODE_ACTION_KINDS, registerCodeActions } from './handlers/codeActions';
import { registerCustom } from './handlers/custom';
import { registerExit } from './handlers/exit';
import { registerFeatures } from './handlers/features';
import { registerLifecycle, SYNC_KIND } from './handlers/lifecycle';
import { registerPullDiagnostics } from './handlers/pull';
import { registerRoute } from './handlers/route';
import { ServerState } from './handlers/state';
import { installTrace } from './handlers/trace';
import { installPrecompiledValidators } from './node/validators';

installTrace(process.env.MESH_LSP_TRACE);

installPrecompiledValidators();
const connection = createConnection(ProposedFeatures.all);
const state = new ServerState(connection);
registerExit(connection, !process.argv.some((a) => a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe')));

registerLifecycle(state, {
  textDocumentSync: { openClose: true, change: SYNC_KIND, save: false },
  hoverProvider: true,
  definitionProvider: true,
  referencesProvider: true,
  renameProvider: { prepareProvider: true },
  completionProvider: { triggerCharacters: [':', ' ', '/', '-'] },
  documentSymbolProvider: true,
  workspaceSymbolProvider: true,
  codeLensProvider: { resolveProvider: false },
  codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS },
});
registerFeatures(state);
registerCustom(state);
registerRoute(state);
registerCodeActions(state);
registerPullDiagnostics(state);

state.documents.listen(connection);
connection.listen();

process.on('uncaughtException', (e) => state.error('uncaught', e));
process.on('unhandledRejection', (e) => state.error('unhandled rejection', e));
