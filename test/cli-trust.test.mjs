// Where meshlint writes: fixes and canary steps never leave the given paths through a symbolic
// link, the report never replaces an input nor follows a link, and a config file that cannot be
// expanded is a clear configuration error. Real processes, real files.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { root } from './helpers.mjs';

const bin = join(root, 'bin/meshlint.js');
const run = (args, cwd) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd });

// `metdata` has one safe fix (rename to metadata).
const typo = (name) =>
  `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetdata:\n  name: ${name}\nspec:\n  hosts: [${name}]\n  http:\n  - route:\n    - destination:\n        host: ${name}\n`;

/** tmp/{outside/victim.yaml, outside/dir/inner.yaml, lint/own.yaml, lint/link.yaml -> ../outside/victim.yaml, lint/linked -> ../outside/dir} */
function tree() {
  const dir = mkdtempSync(join(tmpdir(), 'meshlint-trust-'));
  mkdirSync(join(dir, 'outside/dir'), { recursive: true });
  mkdirSync(join(dir, 'lint'));
  writeFileSync(join(dir, 'outside/victim.yaml'), typo('victim'));
  writeFileSync(join(dir, 'outside/dir/inner.yaml'), typo('inner'));
  writeFileSync(join(dir, 'lint/own.yaml'), typo('own'));
  symlinkSync('../outside/victim.yaml', join(dir, 'lint/link.yaml'));
  symlinkSync('../outside/dir', join(dir, 'lint/linked'));
  return dir;
}

const read = (dir, p) => readFileSync(join(dir, p), 'utf8');

for (const format of ['stylish', 'json', 'github', 'sarif'])
  test(`--fix -f ${format}: files reached through a symbolic link out of the inputs are not written, and stderr says why`, () => {
    const dir = tree();
    const r = run(['--fix', '-f', format, 'lint'], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(read(dir, 'outside/victim.yaml'), typo('victim'));
    assert.equal(read(dir, 'outside/dir/inner.yaml'), typo('inner'));
    assert.match(read(dir, 'lint/own.yaml'), /^metadata:/m);
    assert.match(
      r.stderr,
      /^meshlint: not fixed: lint\/link\.yaml \(1 fix\): its real path outside\/victim\.yaml lies outside the paths given on the command line \(reached through a symbolic link\)/m,
    );
    assert.match(r.stderr, /^meshlint: not fixed: lint\/linked\/inner\.yaml \(1 fix\): its real path outside\/dir\/inner\.yaml lies outside/m);
    assert.match(r.stderr, /^meshlint: applied 1 fix in 1 file \(unknown-field 1\)$/m);
    // The files left unfixed keep their findings in the report.
    assert.match(r.stdout, /link\.yaml/);
    assert.match(r.stdout, /inner\.yaml/);
  });

test('--fix-dry-run shows no diff for a file outside the inputs and names it', () => {
  const dir = tree();
  const r = run(['--fix-dry-run', 'lint'], dir);
  assert.match(r.stdout, /\+\+\+ b\/lint\/own\.yaml/);
  assert.doesNotMatch(r.stdout, /\+\+\+ b\/lint\/link\.yaml|\+\+\+ b\/lint\/linked/);
  assert.match(r.stderr, /not fixed: lint\/link\.yaml/);
  assert.equal(read(dir, 'lint/own.yaml'), typo('own'));
});

test('--fix: a link whose target is inside the inputs, or a link named on the command line, is fixed', () => {
  const dir = tree();
  // The link's target folder is an input too: the file is inside the inputs.
  let r = run(['--fix', 'lint', 'outside'], dir);
  assert.doesNotMatch(r.stderr, /not fixed/);
  assert.match(read(dir, 'outside/victim.yaml'), /^metadata:/m);
  assert.match(read(dir, 'outside/dir/inner.yaml'), /^metadata:/m);
  // A link given by name stands for its target: the user chose it.
  const dir2 = tree();
  r = run(['--fix', 'lint/link.yaml'], dir2);
  assert.doesNotMatch(r.stderr, /not fixed/);
  assert.match(read(dir2, 'outside/victim.yaml'), /^metadata:/m);
  // A glob's literal base is the root.
  const dir3 = tree();
  r = run(['--fix', 'lint/**/*.yaml'], dir3);
  assert.match(r.stderr, /not fixed: lint\/link\.yaml/);
  assert.equal(read(dir3, 'outside/victim.yaml'), typo('victim'));
  assert.match(read(dir3, 'lint/own.yaml'), /^metadata:/m);
});

const canaryVs = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
      weight: 90
    - destination:
        host: reviews
        subset: v2
      weight: 10
`;

test('canary: a step that would change a file outside the inputs is refused, nothing written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshlint-trust-'));
  mkdirSync(join(dir, 'out'));
  mkdirSync(join(dir, 'lint'));
  writeFileSync(join(dir, 'out/vs.yaml'), canaryVs);
  symlinkSync('../out/vs.yaml', join(dir, 'lint/vs.yaml'));
  for (const extra of [[], ['--dry-run']]) {
    const r = run(['canary', 'lint', '--virtual-service', 'reviews', '--advance', ...extra], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.match(
      r.stderr,
      /^meshlint canary: Advance canary: v2 10% → 20%: not applied: it changes lint\/vs\.yaml, and its real path out\/vs\.yaml lies outside the paths given on the command line .*nothing was written/m,
    );
    assert.equal(r.stdout, '');
    assert.equal(read(dir, 'out/vs.yaml'), canaryVs);
  }
  // Named on the command line, the link stands for its target.
  const r = run(['canary', 'lint/vs.yaml', '--virtual-service', 'reviews', '--advance'], dir);
  assert.equal(r.status, 0, r.stderr);
  assert.match(read(dir, 'out/vs.yaml'), /weight: 20/);
});

test('-o: the report never replaces an input, never follows a link to a file; devices are fine', () => {
  const dir = tree();
  const cases = [
    [['-f', 'json', '-o', 'lint/own.yaml', 'lint/own.yaml'], /refusing to write the report to lint\/own\.yaml: it is one of the files being linted/],
    [['-f', 'json', '-o', './outside/../lint/own.yaml', 'lint'], /it is one of the files being linted/],
    // The same file reached through a link in the linted folder.
    [['-f', 'json', '-o', 'outside/victim.yaml', 'lint'], /it is one of the files being linted/],
    [['-f', 'json', '-o', 'k8s.yaml', '--stdin-filename', 'k8s.yaml', '-'], /it is one of the files being linted/],
    [['-f', 'json', '-o', 'lint/link.yaml', 'outside/dir'], /refusing to write the report to lint\/link\.yaml: it is a symbolic link to .*victim\.yaml/],
  ];
  for (const [args, message] of cases) {
    const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: dir, input: typo('k8s') });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stdout, '');
  }
  assert.equal(read(dir, 'lint/own.yaml'), typo('own'));
  assert.equal(read(dir, 'outside/victim.yaml'), typo('victim'));
  // A dangling link would create a file wherever it points.
  symlinkSync(join(dir, 'elsewhere.json'), join(dir, 'report.json'));
  let r = run(['-f', 'json', '-o', 'report.json', 'lint/own.yaml'], dir);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /report\.json: it is a symbolic link to a file that does not exist/);
  // A new file, and a link to a device (/dev/stdout is one).
  r = run(['-f', 'json', '-o', 'out.json', 'lint/own.yaml'], dir);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(JSON.parse(read(dir, 'out.json'))[0].rule, 'unknown-field');
  // `-o /dev/stdout > file`: the system's link to a descriptor, here a regular file.
  const fd = openSync(join(dir, 'redirected.json'), 'w');
  r = spawnSync(process.execPath, [bin, '-f', 'json', '-o', '/dev/stdout', 'lint/own.yaml'], { encoding: 'utf8', cwd: dir, stdio: ['ignore', fd, 'pipe'] });
  closeSync(fd);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(JSON.parse(read(dir, 'redirected.json'))[0].rule, 'unknown-field');
});

test('a config file with an alias bomb is a configuration error naming the file (exit 2)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshlint-trust-'));
  const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 10; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    lines.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
  }
  writeFileSync(join(dir, '.meshlintrc.yaml'), `${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'vs.yaml'), typo('v'));
  for (const args of [['vs.yaml'], ['canary', 'vs.yaml', '--virtual-service', 'v', '--promote'], ['route', 'vs.yaml', '--host', 'v']]) {
    const r = run(args, dir);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /^meshlint: \.meshlintrc\.yaml: config cannot be read: its YAML aliases \(\*name\) expand to too much data/m);
    assert.doesNotMatch(r.stderr, /internal error|Excessive alias count|\n {4}at /);
  }
});

test('stylish output: control characters from the YAML are shown escaped, never sent to the terminal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshlint-trust-'));
  // An OSC 8 hyperlink, a screen clear and a line break in names that reach the messages.
  writeFileSync(
    join(dir, 'vs.yaml'),
    'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: "a\\e]8;;http://evil.example\\aclick\\e]8;;\\a"\nspec:\n  hosts: [r]\n  http:\n  - route:\n    - destination: {host: r, subset: "\\e[2J\\nx"}\n',
  );
  const r = run(['--no-color', 'vs.yaml'], dir);
  assert.equal(r.status, 1, r.stderr);
  assert.ok(!r.stdout.includes('\u001b') && !r.stdout.includes('\u0007'), r.stdout);
  assert.match(r.stdout, /Subset \\x1b\[2J\\x0ax: no DestinationRule/);
});
