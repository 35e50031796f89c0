// A stand-in editor for the lifecycle tests: starts the server over stdio, initializes it with its
// own process id, prints the server's pid on stdout, and then just stays alive until killed.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// `node --test test/` also runs this file on its own: it then does nothing.
if (process.argv[2] !== '--serve') process.exit(0);
const require = createRequire(import.meta.url);
const rpc = require('vscode-languageserver-protocol/node');
const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const server = spawn(process.execPath, [join(root, 'bin/mesh-lsp.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
const conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(server.stdout), new rpc.StreamMessageWriter(server.stdin));
conn.onRequest(rpc.ConfigurationRequest.type, (p) => p.items.map(() => null));
conn.onRequest(rpc.RegistrationRequest.type, () => null);
conn.listen();
await conn.sendRequest(rpc.InitializeRequest.type, { processId: process.pid, rootUri: null, workspaceFolders: null, capabilities: {} });
await conn.sendNotification(rpc.InitializedNotification.type, {});
process.stdout.write(`${server.pid}\n`);
setInterval(() => {}, 1 << 30);
