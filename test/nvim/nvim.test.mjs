// A real editor nobody on the team wrote: headless Neovim from Debian drives mesh-lsp over stdio.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, fixtures } from '../helpers.mjs';

const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const missing = nvim.error || nvim.status !== 0;
const reason = 'neovim is not installed (apt-get install -y neovim; .ci/run installs it)';
if (missing && !process.env.CI) console.log(`# SKIP neovim test: ${reason}`);

test('Neovim receives diagnostics for a seed example and resolves a definition in another file', { skip: missing && !process.env.CI ? reason : false }, () => {
  assert.ok(!missing, reason);
  const dir = mkdtempSync(join(tmpdir(), 'mesh-nvim-'));
  for (const f of ['004-reviews-50-v1-v3.yaml', '004-reviews-circuit-breaker.yaml']) cpSync(join(fixtures, 'seeds', f), join(dir, f));
  const home = join(dir, '.home');
  mkdirSync(home);
  const r = spawnSync('nvim', ['--headless', '--clean', '-u', 'NONE', '-c', `luafile ${join(root, 'test/nvim/client.lua')}`], {
    encoding: 'utf8',
    timeout: 60000,
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_DATA_HOME: join(home, 'data'),
      XDG_STATE_HOME: join(home, 'state'),
      XDG_CACHE_HOME: join(home, 'cache'),
      MESH_SERVER: join(root, 'bin/mesh-lsp.js'),
      MESH_ROOT: dir,
      MESH_FILE: join(dir, '004-reviews-50-v1-v3.yaml'),
      MESH_DEF_LINE: '11',
      MESH_DEF_COL: '17',
    },
  });
  assert.equal(r.status, 0, `nvim exited ${r.status}: ${r.stdout}\n${r.stderr}`);
  const lines = r.stdout.trim().split('\n');
  const diag = lines.find((l) => l.startsWith('DIAG 16:17 unknown-subset'));
  assert.ok(diag, r.stdout);
  assert.match(diag, /Subset v3 is not defined by DestinationRule reviews/);
  assert.ok(lines.includes(`DEF file://${join(dir, '004-reviews-circuit-breaker.yaml')} 8`), r.stdout);
});
