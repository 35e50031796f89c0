// The server reads from disk only files under its workspace folders: a watched-file event or a
// closed document elsewhere (another folder, `..` in the URI, a symbolic link out of the folder)
// is never read, over real stdio JSON-RPC.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspClient, rpc } from './client.mjs';

const vs = (name) => `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: ${name}\nspec:\n  hosts: [${name}]\n`;

let dir;
let c;
const file = (rel, text) => {
  mkdirSync(join(dir, rel, '..'), { recursive: true });
  writeFileSync(join(dir, rel), text);
  return pathToFileURL(join(dir, rel)).href;
};
const symbols = async (query) => (await c.request(rpc.WorkspaceSymbolRequest.type, { query })).map((s) => s.name);
const created = (uri) => c.conn.sendNotification(rpc.DidChangeWatchedFilesNotification.type, { changes: [{ uri, type: rpc.FileChangeType.Created }] });

before(async () => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'mesh-lsp-outside-')));
  file('ws/a.yaml', vs('inside-a'));
  c = new LspClient({ rootPath: join(dir, 'ws') });
  await c.initialize();
  assert.deepEqual(await symbols('inside-a'), ['VirtualService inside-a']);
});
after(async () => {
  await c?.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

test('didChangeWatchedFiles outside the workspace folders: the file is not read', async () => {
  const outside = file('other/secret.yaml', vs('secret-outside'));
  file('other/dotdot.yaml', vs('secret-dotdot'));
  // `..` segments in the URI: under ws/ by its spelling, outside it in fact.
  const dotdot = `${pathToFileURL(join(dir, 'ws')).href}/../other/dotdot.yaml`;
  // A link in the folder to a file outside it (indexing does not follow links either).
  file('other/linked.yaml', vs('secret-linked'));
  symlinkSync(join(dir, 'other/linked.yaml'), join(dir, 'ws/link.yaml'));
  symlinkSync(join(dir, 'other'), join(dir, 'ws/linkdir'));
  for (const uri of [outside, dotdot, pathToFileURL(join(dir, 'ws/link.yaml')).href, pathToFileURL(join(dir, 'ws/linkdir/secret.yaml')).href])
    await created(uri);
  // A file created inside the folder after them is read: the events before it have been handled.
  const late = file('ws/late.yaml', vs('inside-late'));
  await created(late);
  assert.deepEqual(await symbols('inside-late'), ['VirtualService inside-late']);
  assert.deepEqual(await symbols('secret'), []);
});

test('a document outside the folders is analyzed while open, and dropped (not read from disk) on close', async () => {
  const uri = file('other/opened.yaml', vs('on-disk-outside'));
  await c.open(uri, vs('in-buffer-outside'));
  assert.deepEqual(await symbols('in-buffer-outside'), ['VirtualService in-buffer-outside']);
  await c.close(uri);
  assert.deepEqual(await symbols('outside'), []);
  // Inside the folder, closing falls back to the disk copy as before.
  const inside = file('ws/opened.yaml', vs('on-disk-inside'));
  await c.open(inside, vs('in-buffer-inside'));
  assert.deepEqual(await symbols('in-buffer-inside'), ['VirtualService in-buffer-inside']);
  await c.close(inside);
  assert.deepEqual(await symbols('-inside'), ['VirtualService on-disk-inside']);
});
