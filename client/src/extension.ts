/**
 * The mesh-lsp VS Code extension: a thin client that starts the bundled language server over
 * node IPC for YAML documents (it registers no language of its own, so it coexists with
 * Red Hat's YAML extension), plus a few commands and a status bar item.
 */
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import {
  Commands,
  IndexStatsRequest,
  type IndexStatsResult,
  SERVER_NAME,
  SETTINGS_SECTION,
  TrafficSplitRequest,
  type TrafficSplitResult,
  WhereDoesRequestGoRequest,
  type WhereResult,
} from '../../server/src/protocol';

let client: LanguageClient | undefined;
let status: vscode.StatusBarItem;
let output: vscode.LogOutputChannel;

/**
 * The `meshLsp.*` settings, by the keys package.json contributes (generated from the settings
 * source, server/src/service/settings.ts); the server validates them and warns about bad values.
 */
function settings(context: vscode.ExtensionContext): Record<string, unknown> {
  const c = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const declared = Object.keys(context.extension.packageJSON?.contributes?.configuration?.properties ?? {});
  const prefix = `${SETTINGS_SECTION}.`;
  return Object.fromEntries(declared.filter((k) => k.startsWith(prefix)).map((k) => [k.slice(prefix.length), c.get(k.slice(prefix.length))]));
}

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'yaml', scheme: 'file' },
      { language: 'yaml', scheme: 'untitled' },
    ],
    synchronize: { configurationSection: SETTINGS_SECTION, fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}') },
    // Read at each (re)start. The server renders Helm charts (runs helm) only when the workspace is trusted.
    initializationOptions: () => ({ settings: settings(context), workspaceTrusted: vscode.workspace.isTrusted }),
    outputChannel: output,
  };
  return new LanguageClient(SETTINGS_SECTION, SERVER_NAME, serverOptions, clientOptions);
}

async function refreshStatus(): Promise<void> {
  if (!client) return;
  try {
    const s = await client.sendRequest<IndexStatsResult>(IndexStatsRequest.method, {});
    status.text = `$(type-hierarchy) mesh ${s.resources}`;
    status.tooltip = `mesh-lsp: ${s.files} files, ${s.resources} resources indexed — click for the output`;
  } catch {
    status.text = '$(warning) mesh';
  }
  status.show();
}

/** Run the canary code action whose title starts with `prefix` at the cursor. */
async function runCanaryStep(prefix: string): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    editor.document.uri,
    editor.selection,
    vscode.CodeActionKind.RefactorRewrite.value,
  );
  const action = actions?.find((a) => a.title.startsWith(prefix));
  if (!action?.edit) {
    void vscode.window.showInformationMessage(`mesh-lsp: "${prefix}" does not apply here (place the cursor on an HTTP route of a VirtualService).`);
    return;
  }
  await vscode.workspace.applyEdit(action.edit);
}

async function showTrafficSplit(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !client) return;
  const r = await client.sendRequest<TrafficSplitResult>(TrafficSplitRequest.method, {
    textDocument: { uri: editor.document.uri.toString() },
    position: editor.selection.active,
  });
  const doc = await vscode.workspace.openTextDocument({ content: r.text, language: 'plaintext' });
  await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
}

let lastRequest = '';
let routeHighlight: vscode.TextEditorDecorationType | undefined;

/** "Where does this request go?": ask for a request, simulate it on the server, highlight the route that takes it. */
async function whereDoesRequestGo(): Promise<void> {
  if (!client) return;
  const line = await vscode.window.showInputBox({
    title: 'Where does this request go?',
    prompt: '[METHOD] host[:port][/path][?query] [header=value]... [@namespace/gateway] (no @gateway: from a sidecar in the mesh)',
    placeHolder: 'GET reviews.default.svc.cluster.local/api end-user=jason',
    value: lastRequest,
    ignoreFocusOut: true,
  });
  if (!line?.trim()) return;
  lastRequest = line;
  let r: WhereResult;
  try {
    r = await client.sendRequest<WhereResult>(WhereDoesRequestGoRequest.method, { line });
  } catch (e) {
    void vscode.window.showErrorMessage(`mesh-lsp: ${(e as Error).message}`);
    return;
  }
  output.info(r.report);
  if (r.location) {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(r.location.uri));
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const range = client.protocol2CodeConverter.asRange(r.location.range);
    editor.selection = new vscode.Selection(range.start, range.start);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    if (routeHighlight) editor.setDecorations(routeHighlight, [{ range, hoverMessage: `Where does this request go? ${r.summary}` }]);
  }
  const pick = await vscode.window.showInformationMessage(`${r.matched ? '→' : 'No route:'} ${r.summary}`, 'Details');
  if (pick === 'Details') {
    const doc = await vscode.workspace.openTextDocument({ content: r.report, language: 'plaintext' });
    await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }
}

/** What the extension exports (`vscode.extensions.getExtension('mesh-lsp.mesh-lsp').exports`), for tests and other extensions. */
export interface MeshExtensionApi {
  /** The status bar item as the user sees it. */
  status(): { text: string; tooltip: string | undefined; command: string | undefined };
  /** Ask the server for its index statistics now and update the status bar item. */
  refreshStatus(): Promise<void>;
}

export async function activate(context: vscode.ExtensionContext): Promise<MeshExtensionApi> {
  output = vscode.window.createOutputChannel('mesh-lsp', { log: true });
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  status.command = Commands.showOutput;
  status.text = '$(sync~spin) mesh';
  status.show();
  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand(Commands.showOutput, () => output.show(true)),
    vscode.commands.registerCommand(Commands.showTrafficSplit, showTrafficSplit),
    vscode.commands.registerCommand(Commands.whereDoesRequestGo, whereDoesRequestGo),
    (routeHighlight = vscode.window.createTextEditorDecorationType({
      backgroundColor: new vscode.ThemeColor('editor.findMatchHighlightBackground'),
      overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.findMatchForeground'),
      overviewRulerLane: vscode.OverviewRulerLane.Center,
    })),
    vscode.workspace.onDidChangeTextDocument((e) => {
      for (const ed of vscode.window.visibleTextEditors) if (ed.document === e.document && routeHighlight) ed.setDecorations(routeHighlight, []);
    }),
    vscode.commands.registerCommand(Commands.advanceCanary, () => runCanaryStep('Advance canary')),
    vscode.commands.registerCommand(Commands.promoteCanary, () => runCanaryStep('Promote canary')),
    vscode.commands.registerCommand(Commands.rollbackCanary, () => runCanaryStep('Roll back canary')),
    vscode.commands.registerCommand(Commands.restartServer, async () => {
      await client?.restart();
      await refreshStatus();
    }),
    vscode.workspace.onDidSaveTextDocument(() => void refreshStatus()),
    // Trust granted: restart the server so it may render Helm charts.
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      await client?.restart();
      await refreshStatus();
    }),
  );
  client = createClient(context);
  await client.start();
  await refreshStatus();
  const timer = setInterval(() => void refreshStatus(), 10000);
  context.subscriptions.push({ dispose: () => clearInterval(timer) });
  return {
    status: () => ({
      text: status.text,
      tooltip: typeof status.tooltip === 'string' ? status.tooltip : undefined,
      command: typeof status.command === 'string' ? status.command : status.command?.command,
    }),
    refreshStatus,
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
