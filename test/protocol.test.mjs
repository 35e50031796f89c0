// The one protocol module (server/src/protocol.ts): command ids agree with package.json, custom
// method names and command ids are written nowhere else, and the version is package.json's.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { build } from 'esbuild';
import { loadSettingsModule } from '../scripts/gen-settings.mjs';
import { root } from './helpers.mjs';
import { LspClient } from './lsp/client.mjs';

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = await build({
  entryPoints: [join(root, 'server/src/protocol.ts')],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'neutral',
  logLevel: 'silent',
  define: { MESH_VERSION: JSON.stringify(pkg.version) },
});
const protocol = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);

test("package.json contributes.commands ids are exactly the protocol's command ids", () => {
  assert.deepEqual(pkg.contributes.commands.map((c) => c.command).sort(), Object.values(protocol.Commands).sort());
});

test('the settings section is one name in the protocol and the settings source', async () => {
  assert.equal(protocol.SETTINGS_SECTION, (await loadSettingsModule()).SETTINGS_SECTION);
  for (const key of Object.keys(pkg.contributes.configuration.properties)) assert.ok(key.startsWith(`${protocol.SETTINGS_SECTION}.`), key);
});

test('custom method names and command ids are spelled only in protocol.ts (client, handlers, playground import them)', () => {
  const names = [...protocol.REQUESTS.map((r) => r.method), ...Object.values(protocol.Commands), protocol.CodeActionKinds.sourceFixAllMesh];
  const files = [];
  const walk = (dir) => {
    for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (/\.ts$/.test(e.name) && p !== 'server/src/protocol.ts') files.push(p);
    }
  };
  for (const dir of ['client/src', 'server/src/handlers', 'web/src']) walk(dir);
  files.push('server/src/server.ts');
  assert.ok(files.length > 10);
  for (const f of files) {
    const text = readFileSync(join(root, f), 'utf8');
    for (const n of names) assert.ok(!text.includes(`'${n}'`) && !text.includes(`"${n}"`), `${f} spells ${n}: import it from server/src/protocol.ts`);
  }
});

test("the version is package.json's: the server's serverInfo, meshlint --version", async () => {
  assert.equal(protocol.VERSION, pkg.version);
  const r = spawnSync(process.execPath, [join(root, 'bin/meshlint.js'), '--version'], { encoding: 'utf8' });
  assert.equal(r.stdout.trim(), pkg.version);
  const client = new LspClient();
  after(() => client.shutdown());
  const init = await client.initialize();
  assert.deepEqual(init.serverInfo, { name: 'mesh-lsp', version: pkg.version });
});
