#!/usr/bin/env node
'use strict';
// mesh-lsp language server. Transports: --stdio (default), --node-ipc, --socket=<port>, --pipe=<name>.
const transports = ['--stdio', '--node-ipc', '--socket', '--pipe', '--clientProcessId'];
if (process.argv.includes('--version') || process.argv.includes('-v')) {
  process.stdout.write(`${require('../package.json').version}\n`);
  process.exit(0);
}
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(
    'Usage: mesh-lsp [--stdio | --node-ipc | --socket=<port> | --pipe=<name>] [--clientProcessId=<pid>]\n\n' +
      'The mesh-lsp language server for Istio traffic configuration. It speaks the Language Server\n' +
      'Protocol over standard input/output by default; editors start it for you.\n\n' +
      '  -h, --help     show this help\n  -v, --version  print the version\n\nThe command-line linter is meshlint (meshlint --help).\n',
  );
  process.exit(0);
}
if (!process.argv.slice(2).some((a) => transports.some((t) => a === t || a.startsWith(`${t}=`)))) process.argv.push('--stdio');
require('../dist/server.js');
