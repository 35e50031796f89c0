// A second real editor: Emacs with eglot and yaml-mode from Debian, configured with the exact
// snippet the README shows (docs/editors/emacs.el), in batch mode, receives our diagnostics.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixtures, root } from '../helpers.mjs';
import { saveArtifacts } from './artifacts.mjs';

const elpa = '/usr/share/emacs/site-lisp/elpa';
const emacs = spawnSync('emacs', ['--version'], { encoding: 'utf8' });
const pkgs = existsSync(elpa) ? readdirSync(elpa) : [];
const builtinEglot = /GNU Emacs (29|[3-9]\d)/.test(emacs.stdout ?? '');
const reason =
  emacs.error || emacs.status !== 0
    ? 'emacs is not installed (apt-get install -y emacs-nox elpa-eglot elpa-yaml-mode; .ci/run installs them)'
    : !builtinEglot && !pkgs.some((p) => p.startsWith('eglot'))
      ? 'elpa-eglot is not installed (apt-get install -y elpa-eglot)'
      : !pkgs.some((p) => p.startsWith('yaml-mode'))
        ? 'elpa-yaml-mode is not installed (apt-get install -y elpa-yaml-mode)'
        : '';
const skip = reason && !process.env.CI ? reason : false;
if (skip) console.log(`# SKIP Emacs test: ${reason}`);

test("Emacs + eglot with the README's snippet receives mesh-lsp diagnostics for a seed example", { skip, timeout: 180000 }, () => {
  assert.equal(reason, '', reason);
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'mesh-emacs-'));
  for (const f of ['004-reviews-50-v1-v3.yaml', '004-reviews-circuit-breaker.yaml']) cpSync(join(fixtures, 'seeds', f), join(dir, f));
  const home = join(dir, '.home');
  mkdirSync(home);
  const init = join(home, 'init.el');
  writeFileSync(init, readFileSync(join(root, 'docs/editors/emacs.el'), 'utf8').replaceAll('/path/to/mesh-lsp', root));
  const trace = join(home, 'lsp-trace.log');
  const events = join(home, 'eglot-events.txt');
  const r = spawnSync('emacs', ['--batch', '-Q', '-l', join(root, 'test/e2e/emacs-client.el')], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 160000,
    env: {
      ...process.env,
      HOME: home,
      MESH_INIT: init,
      MESH_FILE: join(dir, '004-reviews-50-v1-v3.yaml'),
      MESH_EVENTS: events,
      MESH_LSP_TRACE: trace,
      MESH_EXPECT: 'Subset v3 is not defined by DestinationRule reviews',
    },
  });
  try {
    assert.equal(r.status, 0, `emacs exited ${r.status} ${r.error ?? ''}: ${r.stdout}\n${r.stderr.slice(-2000)}`);
    assert.match(r.stdout, /DIAG 16 .*Subset v3 is not defined by DestinationRule reviews/);
  } catch (e) {
    saveArtifacts('emacs', { 'stdout.txt': r.stdout, 'stderr.txt': r.stderr }, [trace, events]);
    throw e;
  }
  console.log(`# Emacs test took ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
