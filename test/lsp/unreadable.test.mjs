// The language server on files that cannot be decoded or are not regular files: it reports a
// manifest that is not text as meshlint does (file-unreadable), never blocks on a named pipe,
// and keeps answering.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspClient, rpc } from './client.mjs';

const dir = mkdtempSync(join(tmpdir(), 'mesh-unreadable-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const uri = (f) => pathToFileURL(join(dir, f)).href;
const orphanVs = `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: web\n  namespace: default\nspec:\n  hosts: [web-missing]\n  http:\n  - route:\n    - destination:\n        host: web-missing\n`;

writeFileSync(join(dir, 'vs.yaml'), orphanVs);
writeFileSync(join(dir, 'latin1.yaml'), Buffer.from('apiVersion: v1\nkind: Service\nmetadata:\n  name: caf\xe9\n', 'latin1'));
writeFileSync(join(dir, 'crypt.yaml'), Buffer.from('\0GITCRYPT\0\x8f\x12', 'latin1'));
const fifo = spawnSync('mkfifo', [join(dir, 'pipe.yaml')]);
const fifoNote = fifo.status === 0 ? undefined : `mkfifo is not available here (${fifo.error?.message ?? fifo.stderr})`;
if (fifoNote) console.log(`# SKIP the named pipe part: ${fifoNote}`);

test('the server reports a manifest that is not text, skips a named pipe, and keeps answering', async () => {
  const c = new LspClient({ rootPath: dir });
  c.conn.onRequest(rpc.ConfigurationRequest.type, (p) => p.items.map((i) => (i.section === 'meshLsp' ? {} : null)));
  try {
    await c.initialize();
    await c.waitFor(() => c.diag(uri('latin1.yaml')).length > 0 && c.diag(uri('vs.yaml')).length > 0, 30000, 'the index');
    assert.deepEqual(
      c.diag(uri('latin1.yaml')).map((d) => [d.code, d.severity, d.message]),
      [['file-unreadable', 1, 'File could not be analyzed: not UTF-8 text, and no UTF-16/UTF-32 byte order mark.']],
    );
    assert.ok(c.diag(uri('vs.yaml')).some((d) => d.code === 'unknown-host'));
    assert.equal(c.diagnostics.get(uri('crypt.yaml')), undefined, 'bytes without apiVersion/kind are ignored');
    if (!fifoNote) {
      assert.equal(c.diagnostics.get(uri('pipe.yaml')), undefined);
      // A watched-file event for the pipe is not read (reading it would block); the next file's event is handled after it.
      writeFileSync(join(dir, 'late.yaml'), orphanVs.replace('name: web', 'name: late'));
      await c.conn.sendNotification(rpc.DidChangeWatchedFilesNotification.type, {
        changes: [
          { uri: uri('pipe.yaml'), type: rpc.FileChangeType.Changed },
          { uri: uri('late.yaml'), type: rpc.FileChangeType.Created },
        ],
      });
      await c.waitFor(() => c.diag(uri('late.yaml')).some((d) => d.code === 'unknown-host'), 30000, 'late.yaml to be analyzed');
    }
    const symbols = await c.request(rpc.WorkspaceSymbolRequest.type, { query: 'web' });
    assert.ok(
      symbols.some((s) => s.name.includes('web')),
      JSON.stringify(symbols),
    );
  } finally {
    await c.shutdown();
  }
});
