// --fail-on <severity>: the lowest severity that fails the run (exit 1), for pipelines that gate
// on warnings too, or that only report (never). Exit codes count every finding, shown or not.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { root } from './helpers.mjs';

const bin = join(root, 'bin/meshlint.js');
const run = (args, opts = {}) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root, ...opts });

const SVC =
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{name: http, port: 80}, {name: http-alt, port: 81}]\n';
// Weights that total 110: a warning, and no error.
const WARN =
  'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: web\nspec:\n  hosts: [web]\n  http:\n  - route:\n    - destination: {host: web, port: {number: 80}}\n      weight: 70\n    - destination: {host: web, port: {number: 81}}\n      weight: 40\n';
const ORDER = ['error', 'warning', 'info', 'hint'];

function folder(files) {
  const dir = mkdtempSync(join(tmpdir(), 'meshfailon-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

test('--fail-on: exit 1 exactly when a finding is at the level or above; never: exit 0; default error', () => {
  const cases = [folder({ 'svc.yaml': SVC }), folder({ 'svc.yaml': SVC, 'vs.yaml': WARN }), join(root, 'examples')];
  const seen = new Set();
  for (const dir of cases) {
    const findings = JSON.parse(run(['-f', 'json', '--min-severity', 'hint', '--fail-on', 'never', '.'], { cwd: dir }).stdout);
    const present = new Set(findings.map((f) => f.severity));
    for (const s of present) seen.add(s);
    for (const level of ORDER) {
      const expected = ORDER.slice(0, ORDER.indexOf(level) + 1).some((s) => present.has(s)) ? 1 : 0;
      // -q hides all but errors: the exit code still counts every finding.
      for (const extra of [[], ['-q']]) {
        const r = run(['--fail-on', level, ...extra, '.'], { cwd: dir });
        assert.equal(r.status, expected, `${dir} --fail-on ${level} ${extra.join(' ')}: severities ${[...present]}\n${r.stdout}${r.stderr}`);
      }
    }
    assert.equal(run(['.'], { cwd: dir }).status, present.has('error') ? 1 : 0, `${dir}: the default is --fail-on error`);
    assert.equal(run(['--fail-on', 'never', '.'], { cwd: dir }).status, 0);
  }
  // The cases cover a clean folder, warnings without errors, and errors.
  assert.ok(seen.has('error') && seen.has('warning'), [...seen].join());
  assert.equal(run(['--fail-on', 'warning', '.'], { cwd: cases[1] }).status, 1);
  assert.equal(run(['--fail-on', 'error', '.'], { cwd: cases[1] }).status, 0);
});

test('--fail-on never still honours --max-warnings; a bad level is a usage error (exit 2)', () => {
  const dir = folder({ 'svc.yaml': SVC, 'vs.yaml': WARN });
  let r = run(['--fail-on', 'never', '--max-warnings', '0', '.'], { cwd: dir });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /more than --max-warnings 0/);
  r = run(['--fail-on', 'warn', '.'], { cwd: dir });
  assert.equal(r.status, 2);
  assert.equal(r.stderr, 'meshlint: --fail-on expects error, warning, info, hint or never, got "warn"\n');
  r = run(['--help']);
  assert.match(r.stdout, /--fail-on <level> +lowest severity that fails the run/);
});
