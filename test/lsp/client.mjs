// A real LSP client over stdio: spawns the built server as an editor would and speaks JSON-RPC
// with vscode-languageserver-protocol's client side.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from '../helpers.mjs';

const require = createRequire(import.meta.url);
const rpc = require('vscode-languageserver-protocol/node');

export { rpc };

export class LspClient {
  /** `command`: the server's executable and leading arguments (default: this checkout's bin/mesh-lsp.js under this Node). */
  constructor({ rootPath, settings, initializationOptions, args = ['--stdio'], command = [process.execPath, join(root, 'bin/mesh-lsp.js')] } = {}) {
    this.proc = spawn(command[0], [...command.slice(1), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.proc.stderr.on('data', (d) => (this.stderr += d));
    this.conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(this.proc.stdout), new rpc.StreamMessageWriter(this.proc.stdin));
    this.diagnostics = new Map();
    this.waiters = [];
    this.logs = [];
    this.settings = settings ?? {};
    this.rootPath = rootPath;
    this.initializationOptions = initializationOptions;
    this.conn.onNotification(rpc.PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      for (const w of [...this.waiters]) if (w.check()) w.resolve();
    });
    this.conn.onNotification(rpc.LogMessageNotification.type, (p) => this.logs.push(p));
    this.conn.onRequest(rpc.ConfigurationRequest.type, (p) => p.items.map((i) => (i.section === 'meshLsp' ? this.settings : null)));
    this.conn.onRequest(rpc.RegistrationRequest.type, () => null);
    this.conn.onRequest('workspace/codeLens/refresh', () => null);
    this.conn.listen();
  }

  async initialize(capabilities = {}) {
    const rootUri = this.rootPath ? pathToFileURL(this.rootPath).href : null;
    const result = await this.conn.sendRequest(rpc.InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'ws' }] : null,
      initializationOptions: this.initializationOptions,
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceEdit: { documentChanges: false } },
        textDocument: { publishDiagnostics: { relatedInformation: true }, rename: { prepareSupport: true } },
        ...capabilities,
      },
    });
    await this.conn.sendNotification(rpc.InitializedNotification.type, {});
    return result;
  }

  /** Resolve when `check()` holds (re-checked on every publishDiagnostics), or reject after `ms`. */
  waitFor(check, ms = 60000, what = 'condition') {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const w = {
        check,
        resolve: () => {
          clearTimeout(t);
          this.waiters = this.waiters.filter((x) => x !== w);
          resolve();
        },
      };
      const t = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== w);
        reject(new Error(`timed out waiting for ${what}; stderr: ${this.stderr}`));
      }, ms);
      this.waiters.push(w);
    });
  }

  diag(uri) {
    return this.diagnostics.get(uri) ?? [];
  }

  open(uri, text, version = 1) {
    return this.conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version, text } });
  }

  change(uri, version, changes) {
    return this.conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
  }

  close(uri) {
    return this.conn.sendNotification(rpc.DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  request(type, params) {
    return this.conn.sendRequest(type, params);
  }

  async shutdown() {
    try {
      await Promise.race([this.conn.sendRequest(rpc.ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification(rpc.ExitNotification.type);
    } catch {
      /* already gone */
    }
    await new Promise((r) => {
      if (this.proc.exitCode !== null) return r();
      const t = setTimeout(() => {
        this.proc.kill();
        r();
      }, 2000);
      this.proc.on('exit', () => {
        clearTimeout(t);
        r();
      });
    });
    this.conn.dispose();
  }
}
