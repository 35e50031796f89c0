/**
 * The server's own end: it never outlives its client.
 * - `shutdown` then `exit` → exit code 0; `exit` without `shutdown` → 1 (vscode-languageserver
 *   implements both; we only record that shutdown was received).
 * - The client's `processId` (from `initialize`) is checked twice a second: when that process is
 *   gone, the server exits at once (vscode-languageserver's own check runs every 3 s only).
 * - End of stdin, or a broken pipe / closed stdout, ends the server.
 */
import { readFileSync } from 'node:fs';
import type { Connection } from 'vscode-languageserver/node';

let shutdownReceived = false;
let onShutdownHooks: (() => void)[] = [];

export function exitCode(): number {
  return shutdownReceived ? 0 : 1;
}

function exitNow(): never {
  process.exit(exitCode());
}

/** Is the process gone (or a zombie nobody reaped yet)? */
export function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
  try {
    // A zombie (killed, not yet reaped) still answers kill(0): read its state where /proc exists.
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return /^State:\s+Z/m.test(status);
  } catch {
    return false;
  }
}

export function watchClientProcess(pid: number | null | undefined, intervalMs = 500): void {
  if (typeof pid !== 'number' || pid <= 0 || pid === process.pid) return;
  const timer = setInterval(() => {
    if (processGone(pid)) exitNow();
  }, intervalMs);
  timer.unref();
}

export function onShutdown(hook: () => void): void {
  onShutdownHooks.push(hook);
}

/** Install the stream and shutdown watchers (stdio transport). */
export function registerExit(connection: Connection, stdio: boolean): void {
  connection.onShutdown(() => {
    shutdownReceived = true;
    const hooks = onShutdownHooks;
    onShutdownHooks = [];
    for (const h of hooks) {
      try {
        h();
      } catch {
        /* ending anyway */
      }
    }
  });
  if (stdio) {
    process.stdin.on('end', exitNow);
    process.stdin.on('close', exitNow);
    process.stdin.on('error', exitNow);
    process.stdout.on('error', exitNow);
    process.stdout.on('close', exitNow);
  }
  process.on('SIGPIPE', exitNow);
  // --node-ipc: the channel to the parent closes when it dies.
  if (process.send) process.on('disconnect', exitNow);
}
