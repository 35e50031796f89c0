// The meshlint CLI as a user runs it: a real process, real files.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { root } from './helpers.mjs';

const bin = join(root, 'bin/meshlint.js');
const run = (args, opts = {}) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root, ...opts });

test('examples/: stylish output with the deliberate mistakes, exit 1', () => {
  const r = run(['examples/']);
  assert.equal(r.status, 1, r.stderr);
  for (const rule of ['weights-not-100', 'subset-no-workload', 'unknown-subset', 'unknown-gateway', 'misnested-destination'])
    assert.match(r.stdout, new RegExp(rule));
  assert.match(r.stdout, /examples\/virtual-services\.yaml\n/);
  assert.match(r.stdout, /v1 gets 81\.8%, v2 18\.2%/);
  assert.match(r.stdout, /✖ \d+ problems \(\d+ errors?, \d+ warnings?/);
});

test('--format json: 1-based positions and the documented fields', () => {
  const r = run([
    '--format',
    'json',
    'examples/virtual-services.yaml',
    'examples/destination-rules.yaml',
    'examples/gateway.yaml',
    'examples/checkout-deployments.yaml',
    'examples/payments.yaml',
  ]);
  assert.equal(r.status, 1);
  const out = JSON.parse(r.stdout);
  const w = out.find((f) => f.rule === 'weights-not-100');
  assert.deepEqual(Object.keys(w).sort(), ['column', 'endColumn', 'endLine', 'file', 'line', 'message', 'rule', 'severity']);
  assert.deepEqual([w.file, w.line, w.column, w.severity], ['examples/virtual-services.yaml', 25, 7, 'warning']);
});

test('--format github: workflow annotations', () => {
  const r = run(['-f', 'github', 'examples/']);
  assert.match(
    r.stdout,
    /^::error file=examples\/virtual-services\.yaml,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=unknown-gateway::Gateway shop\/shop-gatway/m,
  );
  assert.match(r.stdout, /^::warning file=/m);
});

test('exit codes: 0 clean, 1 too many warnings, 2 usage and I/O errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshlint-'));
  writeFileSync(
    join(dir, 'ok.yaml'),
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: ok\nspec:\n  selector: {app: ok}\n  ports: [{name: http, port: 80}, {name: http-alt, port: 81}]\n',
  );
  writeFileSync(
    join(dir, 'warn.yml'),
    'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: ok\nspec:\n  hosts: [ok]\n  http:\n  - route:\n    - destination: {host: ok, port: {number: 80}}\n      weight: 70\n    - destination: {host: ok, port: {number: 81}}\n      weight: 40\n',
  );
  mkdirSync(join(dir, 'node_modules'));
  writeFileSync(join(dir, 'node_modules', 'bad.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: [}\n');
  let r = run([dir]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /weights-not-100/);
  r = run(['--max-warnings', '0', dir]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /more than --max-warnings 0/);
  r = run(['--rule', 'weights-not-100=off', '--max-warnings', '0', dir]);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /no problems in 2 files/);
  r = run([join(dir, 'missing.yaml')]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /meshlint: no such file or directory/);
  r = run(['--format', 'xml', dir]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown format "xml"/);
  r = run(['--rule', 'nope=off', dir]);
  assert.equal(r.status, 2);
  r = run(['--bogus']);
  assert.equal(r.status, 2);
  r = run([]);
  assert.equal(r.status, 2);
  r = run([`${dir}/*.yml`]);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /warn\.yml/);
  assert.doesNotMatch(r.stdout, /ok\.yaml/);
});

test('stdin with -', () => {
  const r = run(['-', '--format', 'json', '--rule', 'unknown-gateway=error'], {
    input:
      'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: x\nspec:\n  hosts: [x]\n  gateways: [nowhere]\n  http:\n  - directResponse: {status: 200}\n',
  });
  assert.equal(r.status, 1);
  assert.deepEqual(
    JSON.parse(r.stdout).map((f) => [f.file, f.rule]),
    [['<stdin>', 'unknown-gateway']],
  );
});

test('--list-rules and --help', () => {
  const r = run(['--list-rules']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^misnested-destination\s+error/m);
  assert.match(run(['--help']).stdout, /Usage: meshlint/);
});

test('config file: .meshlintrc.json in the working directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshlint-cfg-'));
  writeFileSync(join(dir, '.meshlintrc.json'), JSON.stringify({ rules: { 'unknown-gateway': 'off' } }));
  writeFileSync(
    join(dir, 'vs.yaml'),
    'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: x\nspec:\n  hosts: [x]\n  gateways: [nowhere]\n  http:\n  - directResponse: {status: 200}\n',
  );
  assert.equal(run(['vs.yaml'], { cwd: dir }).status, 0);
  writeFileSync(join(dir, '.meshlintrc.json'), '{oops');
  const r = run(['vs.yaml'], { cwd: dir });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /is not valid JSON/);
});
