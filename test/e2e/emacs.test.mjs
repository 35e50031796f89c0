// A second real editor: Emacs 28 with eglot from Debian, in batch mode, receives our diagnostics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, fixtures } from '../helpers.mjs';

const emacs = spawnSync('emacs', ['--version'], { encoding: 'utf8' });
const eglot = spawnSync('sh', ['-c', 'ls /usr/share/emacs/site-lisp/elpa | grep -q eglot'], { encoding: 'utf8' });
const reason = emacs.error || emacs.status !== 0 ? 'emacs is not installed (apt-get install -y emacs-nox elpa-eglot; .ci/run installs it)' : eglot.status !== 0 ? 'elpa-eglot is not installed' : '';
const skip = reason && !process.env.CI ? reason : false;
if (skip) console.log(`# SKIP Emacs test: ${reason}`);

test('Emacs + eglot receives mesh-lsp diagnostics for a seed example', { skip, timeout: 90000 }, () => {
  assert.equal(reason, '', reason);
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'mesh-emacs-'));
  for (const f of ['004-reviews-50-v1-v3.yaml', '004-reviews-circuit-breaker.yaml']) cpSync(join(fixtures, 'seeds', f), join(dir, f));
  const home = join(dir, '.home');
  mkdirSync(home);
  const r = spawnSync('emacs', ['--batch', '-Q', '-l', join(root, 'test/e2e/emacs-client.el')], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 80000,
    env: { ...process.env, HOME: home, MESH_SERVER: join(root, 'bin/mesh-lsp.js'), MESH_FILE: join(dir, '004-reviews-50-v1-v3.yaml') },
  });
  assert.equal(r.status, 0, `emacs exited ${r.status}: ${r.stdout}\n${r.stderr.slice(-2000)}`);
  assert.match(r.stdout, /DIAG 16 .*Subset v3 is not defined by DestinationRule reviews/);
  console.log(`# Emacs test took ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
