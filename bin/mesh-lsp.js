#!/usr/bin/env node
'use strict';
// mesh-lsp language server. Transports: --stdio (default), --node-ipc, --socket=<port>, --pipe=<name>.
const transports = ['--stdio', '--node-ipc', '--socket', '--pipe', '--clientProcessId'];
if (process.argv.includes('--version') || process.argv.includes('-v')) {
  process.stdout.write(require('../package.json').version + '\n');
  process.exit(0);
}
if (!process.argv.slice(2).some((a) => transports.some((t) => a === t || a.startsWith(t + '=')))) process.argv.push('--stdio');
require('../dist/server.js');
