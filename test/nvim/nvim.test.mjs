// A real editor nobody on the team wrote: headless Neovim from Debian, configured with the exact
// init.lua snippet the README shows (docs/editors/), drives mesh-lsp over stdio.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { saveArtifacts } from '../e2e/artifacts.mjs';
import { fixtures, root } from '../helpers.mjs';

const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const missing = nvim.error || nvim.status !== 0;
const reason = 'neovim is not installed (apt-get install -y neovim; .ci/run installs it)';
if (missing && !process.env.CI) console.log(`# SKIP neovim test: ${reason}`);
const [, major, minor] = (nvim.stdout ?? '').match(/NVIM v(\d+)\.(\d+)/) ?? [];
const modern = Number(major) > 0 || Number(minor) >= 8;
const snippet = modern ? 'neovim.lua' : 'neovim-0.7.lua';
if (!missing) {
  const other = modern ? 'neovim-0.7.lua (Neovim 0.7)' : 'neovim.lua (Neovim 0.8+)';
  console.log(`# Neovim ${major}.${minor}: testing docs/editors/${snippet}; docs/editors/${other} needs another Neovim version and is not run here`);
}

test(`Neovim with the README's ${snippet} receives diagnostics and resolves a definition in another file`, {
  skip: missing && !process.env.CI ? reason : false,
  timeout: 180000,
}, () => {
  assert.ok(!missing, reason);
  const dir = mkdtempSync(join(tmpdir(), 'mesh-nvim-'));
  for (const f of ['004-reviews-50-v1-v3.yaml', '004-reviews-circuit-breaker.yaml']) cpSync(join(fixtures, 'seeds', f), join(dir, f));
  const home = join(dir, '.home');
  mkdirSync(home);
  const init = join(home, 'init.lua');
  writeFileSync(init, readFileSync(join(root, 'docs/editors', snippet), 'utf8').replaceAll('/path/to/mesh-lsp', root));
  const trace = join(home, 'lsp-trace.log');
  const r = spawnSync('nvim', ['--headless', '-i', 'NONE', '-u', init, '-c', `luafile ${join(root, 'test/nvim/client.lua')}`, '004-reviews-50-v1-v3.yaml'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 150000,
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_DATA_HOME: join(home, 'data'),
      XDG_STATE_HOME: join(home, 'state'),
      XDG_CACHE_HOME: join(home, 'cache'),
      MESH_LSP_TRACE: trace,
      MESH_EXPECT: 'unknown-subset',
      MESH_DEF_LINE: '11',
      MESH_DEF_COL: '17',
    },
  });
  try {
    assert.equal(r.status, 0, `nvim exited ${r.status} ${r.error ?? ''}: ${r.stdout}\n${r.stderr}`);
    const lines = r.stdout.trim().split('\n');
    const diag = lines.find((l) => l.startsWith('DIAG 16:17 unknown-subset'));
    assert.ok(diag, r.stdout);
    assert.match(diag, /Subset v3 is not defined by DestinationRule reviews/);
    assert.ok(lines.includes(`DEF file://${join(dir, '004-reviews-circuit-breaker.yaml')} 8`), r.stdout);
  } catch (e) {
    saveArtifacts('nvim', { 'stdout.txt': r.stdout, 'stderr.txt': r.stderr }, [trace, join(home, 'state'), join(home, 'cache')]);
    throw e;
  }
});
