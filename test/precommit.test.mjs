// The pre-commit hook (.pre-commit-hooks.yaml), installed and run by the real pre-commit
// (`pre-commit try-repo`, then `pre-commit run` with a config naming this repository; pre-commit
// comes from the Python package index) on a temporary git repository: it fails
// on a YAML file with an error, passes on a clean one (a changed file's references resolve in the
// repository's other files), and is not run for files that are not YAML.
// pre-commit installs the hook from this repository's committed HEAD as npm installs a git
// dependency (the prepare script builds it), so the first run takes minutes; pre-commit and its
// hook environments are cached outside the checkout ($MESH_PRECOMMIT_CACHE, default
// ${XDG_CACHE_HOME:-~/.cache}/mesh-lsp-precommit) and reused while HEAD stays the same.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { root } from './helpers.mjs';

const CACHE = process.env.MESH_PRECOMMIT_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mesh-lsp-precommit');

/** The pre-commit command: on PATH, or installed from the package index into a virtualenv in the cache; `{skip}` says why there is none. */
function preCommit() {
  const onPath = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  if (onPath.status === 0) return { cmd: 'pre-commit' };
  const venv = join(CACHE, 'venv');
  const bin = join(venv, process.platform === 'win32' ? 'Scripts' : 'bin', 'pre-commit');
  if (!existsSync(bin)) {
    mkdirSync(CACHE, { recursive: true });
    const mk = spawnSync('python3', ['-m', 'venv', venv], { encoding: 'utf8' });
    if (mk.status !== 0) return { skip: `python3 -m venv failed: ${mk.error?.message ?? mk.stderr.trim()}` };
    const py = join(venv, process.platform === 'win32' ? 'Scripts' : 'bin', 'python');
    const pip = spawnSync(py, ['-m', 'pip', 'install', '--quiet', 'pre-commit'], { encoding: 'utf8' });
    if (pip.status !== 0 || !existsSync(bin)) return { skip: `pip could not install pre-commit: ${pip.stderr.trim().split('\n').slice(-3).join(' ')}` };
  }
  return { cmd: bin };
}

const pc = preCommit();
if (pc.skip) console.log(`# SKIP pre-commit hook: ${pc.skip}`);

const MISNESTED =
  'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: web\nspec:\n  hosts: [web]\n  http:\n  - route:\n    - destination:\n      host: web\n';
const SVC = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{name: http, port: 80}]\n';

test('.pre-commit-hooks.yaml: meshlint, a node hook on YAML files, file names passed, one run for all files', () => {
  const hooks = parse(readFileSync(join(root, '.pre-commit-hooks.yaml'), 'utf8'));
  assert.equal(hooks.length, 1);
  const [h] = hooks;
  assert.equal(h.id, 'meshlint');
  assert.equal(h.language, 'node');
  assert.equal(h.entry, 'meshlint --context .');
  assert.deepEqual(h.types, ['yaml']);
  assert.notEqual(h.pass_filenames, false);
  assert.equal(h.require_serial, true);
  // pre-commit installs the repository as a git dependency: npm runs the prepare script, which builds the bins.
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  assert.equal(pkg.scripts.prepare, 'node scripts/prepare.mjs');
  assert.equal(pkg.bin.meshlint, 'bin/meshlint.js');
});

test('pre-commit try-repo and run: the hook fails on a file with an error, passes on a clean one, skips files that are not YAML', { skip: pc.skip }, () => {
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim();
  assert.match(head, /^[0-9a-f]{40}$/);
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).stdout.trim();
  if (dirty) console.log(`# note: pre-commit installs the hook from HEAD (${head.slice(0, 12)}); uncommitted changes are not part of this test`);
  const repo = mkdtempSync(join(tmpdir(), 'meshprecommit-'));
  const git = (...args) => {
    const r = spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  };
  git('init', '-q');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'test');
  writeFileSync(join(repo, 'vs.yaml'), MISNESTED);
  writeFileSync(join(repo, 'svc.yaml'), SVC);
  writeFileSync(join(repo, 'notes.txt'), 'host: web\n');
  // A route to a subset that another file of the repository defines.
  mkdirSync(join(repo, 'routes'));
  writeFileSync(
    join(repo, 'routes/vs-v1.yaml'),
    'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: web-v1\nspec:\n  hosts: [web]\n  http:\n  - route:\n    - destination: {host: web, subset: v1}\n',
  );
  writeFileSync(
    join(repo, 'dr.yaml'),
    'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: web\nspec:\n  host: web\n  subsets:\n  - name: v1\n    labels: {version: v1}\n',
  );
  git('add', '.');
  const env = { ...process.env, PRE_COMMIT_HOME: join(CACHE, 'home'), NO_COLOR: '1' };
  // try-repo installs the hook into a store of its own each time; `pre-commit run` with a config
  // naming the same repository and revision installs it once into PRE_COMMIT_HOME and reuses it.
  const tryRepo = (...files) => spawnSync(pc.cmd, ['try-repo', '--ref', head, root, 'meshlint', '--files', ...files], { cwd: repo, encoding: 'utf8', env });
  const config = join(repo, '..', `${basename(repo)}-config.yaml`);
  writeFileSync(config, `repos:\n- repo: ${JSON.stringify(root)}\n  rev: ${head}\n  hooks:\n  - id: meshlint\n`);
  const runHook = (...files) => spawnSync(pc.cmd, ['run', '--config', config, 'meshlint', '--files', ...files], { cwd: repo, encoding: 'utf8', env });
  let r = tryRepo('vs.yaml', 'svc.yaml');
  const out = r.stdout + r.stderr;
  assert.equal(r.status, 1, out);
  assert.match(out, /meshlint\.+Failed/);
  assert.match(out, /vs\.yaml\n {2}10:7 {2}error {2}`host` sits beside `destination:`.* {2}misnested-destination/);
  r = runHook('vs.yaml');
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /misnested-destination/);
  r = runHook('svc.yaml');
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /meshlint\.+Passed/);
  // Only the VirtualService changed: the DestinationRule is read as context, so its subset resolves.
  r = runHook('routes/vs-v1.yaml');
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /meshlint\.+Passed/);
  r = runHook('notes.txt');
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /meshlint\.+\(no files to check\)Skipped/);
});
