// --context <path>: YAML read for references only. The inputs are linted and fixed with the
// context in the workspace; the context's own findings are neither reported nor counted, and its
// files are never written (pre-commit passes the changed files and --context . the rest).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { root } from './helpers.mjs';

const bin = join(root, 'bin/meshlint.js');
const run = (args, opts = {}) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root, ...opts });

const VS =
  'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: web\nspec:\n  hosts: [web]\n  http:\n  - route:\n    - destination: {host: web, subset: v1}\n';
const DR =
  'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: web\nspec:\n  host: web\n  subsets:\n  - name: v1\n    labels: {version: v1}\n';
const SVC = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{name: http, port: 80}]\n';
// An error of its own (a misnested destination), with a safe fix.
const BROKEN =
  'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: other\nspec:\n  hosts: [other]\n  http:\n  - route:\n    - destination:\n      host: other\n';

function repo() {
  const dir = mkdtempSync(join(tmpdir(), 'meshcontext-'));
  mkdirSync(join(dir, 'routes'));
  mkdirSync(join(dir, 'docs'));
  writeFileSync(join(dir, 'routes/vs.yaml'), VS);
  writeFileSync(join(dir, 'dr.yaml'), DR);
  writeFileSync(join(dir, 'svc.yaml'), SVC);
  writeFileSync(join(dir, 'broken.yaml'), BROKEN);
  writeFileSync(join(dir, 'docs/README.md'), '# no YAML here\n');
  return dir;
}

test('--context: references from the inputs resolve in the context; only the inputs are reported', () => {
  const dir = repo();
  // Alone, the route's subset is unknown: an error that the rest of the repository answers.
  let r = run(['-f', 'json', 'routes/vs.yaml'], { cwd: dir });
  assert.equal(r.status, 1);
  assert.deepEqual(
    JSON.parse(r.stdout).map((f) => f.rule),
    ['unknown-subset'],
  );
  r = run(['-f', 'json', '--context', '.', 'routes/vs.yaml'], { cwd: dir });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  // broken.yaml's error is in the context: not reported, not counted.
  assert.deepEqual(JSON.parse(r.stdout), []);
  r = run(['--context', '.', 'routes/vs.yaml'], { cwd: dir });
  assert.match(r.stdout, /no problems in 1 file\n/);
  // An input that is also in the context is an input.
  r = run(['-f', 'json', '--context', '.', 'routes/vs.yaml', 'broken.yaml'], { cwd: dir });
  assert.equal(r.status, 1);
  assert.deepEqual(
    JSON.parse(r.stdout).map((f) => [f.file, f.rule]),
    [['broken.yaml', 'misnested-destination']],
  );
  // A context folder without YAML is no error (unlike an input folder); one that does not exist is.
  r = run(['--context', 'docs', 'dr.yaml', 'svc.yaml'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  r = run(['--context', 'nowhere', 'dr.yaml'], { cwd: dir });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no such file or directory: nowhere/);
});

test('--context with --fix: the inputs are fixed, the context files are never written', () => {
  const dir = repo();
  writeFileSync(join(dir, 'routes/broken-too.yaml'), BROKEN.replace(/other/g, 'two'));
  const r = run(['--fix', '--context', '.', 'routes/broken-too.yaml'], { cwd: dir });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stderr, /applied 1 fix in 1 file/);
  assert.match(readFileSync(join(dir, 'routes/broken-too.yaml'), 'utf8'), / {8}host: two/);
  assert.equal(readFileSync(join(dir, 'broken.yaml'), 'utf8'), BROKEN);
});
