/**
 * Protocol trace for debugging editors and end-to-end tests: with MESH_LSP_TRACE=<file> in the
 * environment, every JSON-RPC message the server reads or writes (stdio or node IPC) is appended
 * to that file with a timestamp and its direction. Off unless the variable is set.
 */
import { appendFileSync } from 'node:fs';

export function installTrace(file: string | undefined): void {
  if (!file) return;
  const log = (dir: '<-' | '->', data: unknown) => {
    const text = typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : JSON.stringify(data);
    try {
      appendFileSync(file, `${new Date().toISOString()} ${dir} ${text}\n`);
    } catch {
      // A trace that cannot be written must never take the server down.
    }
  };
  log('->', `[mesh-lsp ${process.pid} started: ${process.argv.slice(2).join(' ')}]`);
  if (process.argv.includes('--node-ipc')) {
    process.on('message', (m) => log('<-', m));
    const send = process.send?.bind(process);
    if (send) {
      process.send = ((message: unknown, ...rest: unknown[]) => {
        log('->', message);
        return (send as (...a: unknown[]) => boolean)(message, ...rest);
      }) as typeof process.send;
    }
    return;
  }
  process.stdin.on('data', (chunk) => log('<-', chunk));
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    log('->', chunk);
    return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
}
