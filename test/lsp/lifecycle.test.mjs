// The server's lifecycle over real stdio: shutdown/exit codes, end of input, and a client that
// dies without a word (SIGKILL) or whose process id disappears.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { root } from '../helpers.mjs';
import { LspClient, rpc } from './client.mjs';

const exited = (proc) => new Promise((resolve) => (proc.exitCode !== null ? resolve(proc.exitCode) : proc.on('exit', (code) => resolve(code))));

/** Poll (every 50 ms) until `pid` is gone or a zombie; reject after `ms`. */
function gone(pid, ms) {
  const isGone = () => {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    try {
      return /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
    } catch {
      return true;
    }
  };
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const tick = () => {
      if (isGone()) return resolve(Date.now() - start);
      if (Date.now() - start > ms) return reject(new Error(`process ${pid} still running after ${ms} ms`));
      setTimeout(tick, 50);
    };
    tick();
  });
}

test('shutdown then exit: exit code 0', async () => {
  const c = new LspClient();
  await c.initialize();
  const code = exited(c.proc);
  assert.equal(await c.request(rpc.ShutdownRequest.type), null);
  await c.conn.sendNotification(rpc.ExitNotification.type);
  assert.equal(await code, 0);
  c.conn.dispose();
});

test('exit without shutdown: exit code 1', async () => {
  const c = new LspClient();
  await c.initialize();
  const code = exited(c.proc);
  await c.conn.sendNotification(rpc.ExitNotification.type);
  assert.equal(await code, 1);
  c.conn.dispose();
});

test('end of stdin ends the server (code 1 without shutdown, 0 after it)', async () => {
  const a = new LspClient();
  await a.initialize();
  const codeA = exited(a.proc);
  a.proc.stdin.end();
  assert.equal(await codeA, 1);
  a.conn.dispose();
  const b = new LspClient();
  await b.initialize();
  await b.request(rpc.ShutdownRequest.type);
  const codeB = exited(b.proc);
  b.proc.stdin.end();
  assert.equal(await codeB, 0);
  b.conn.dispose();
});

test('the server exits when the processId given at initialize disappears, even with stdin open', async () => {
  const stand = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' });
  const c = new LspClient();
  await c.conn.sendRequest(rpc.InitializeRequest.type, { processId: stand.pid, rootUri: null, workspaceFolders: null, capabilities: {} });
  await c.conn.sendNotification(rpc.InitializedNotification.type, {});
  const code = exited(c.proc);
  stand.kill('SIGKILL');
  assert.equal(await code, 1);
  c.conn.dispose();
});

test('a client killed with SIGKILL takes the server with it', async () => {
  const client = spawn(process.execPath, [join(root, 'test/lsp/kill-client.mjs'), '--serve'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const serverPid = await new Promise((resolve, reject) => {
    let out = '';
    client.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(Number(out.trim()));
    });
    client.on('exit', (c) => reject(new Error(`client exited early (${c})`)));
  });
  assert.ok(serverPid > 0);
  process.kill(serverPid, 0); // alive now
  client.kill('SIGKILL');
  const ms = await gone(serverPid, 10000); // generous bound for a loaded machine; the pipe's end is seen at once
  console.log(`# server gone ${ms} ms after its client was killed`);
});
