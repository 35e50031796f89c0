// meshlint --jobs N: the analysis in N threads (cli/jobs.ts) gives exactly the output and exit
// code of --jobs 1, on generated workspaces and on every repository of the field corpus; inputs it
// cannot split (fixes, SARIF, standard input, Kustomize builds) are analysed in one thread.
// MESHLINT_TRACE_JOBS=1 makes meshlint say on standard error which way it went.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { generate } from '../bench/gen.mjs';
import { root } from './helpers.mjs';

const bin = join(root, 'bin/meshlint.js');
const run = (args, opts = {}) =>
  spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    cwd: root,
    maxBuffer: 256 * 1024 * 1024,
    ...opts,
    env: { ...process.env, MESHLINT_TRACE_JOBS: '1', ...opts.env },
  });
const WORKERS = /^meshlint: analysed in (\d+) threads\n/m;
const ONE = /^meshlint: analysed in one thread: (.*)\n/m;

/** The run with `--jobs n` and with `--jobs 1`: same output, same exit code; returns how the first went. */
function sameAsOneThread(args, n, opts) {
  const a = run(['--jobs', String(n), ...args], opts);
  const b = run(['--jobs', '1', ...args], opts);
  assert.equal(a.stdout, b.stdout, `${args.join(' ')}: output of --jobs ${n}`);
  assert.equal(a.status, b.status, `${args.join(' ')}: exit code of --jobs ${n}`);
  assert.equal(a.stderr.replace(WORKERS, '').replace(ONE, ''), b.stderr.replace(ONE, ''), `${args.join(' ')}: standard error`);
  assert.match(b.stderr, /analysed in one thread: --jobs 1/);
  return a;
}

const dir = mkdtempSync(join(tmpdir(), 'meshjobs-'));
generate(dir, 600, 'files:12');

test('--jobs: the output of one thread, in every format, from several threads', () => {
  for (const format of ['json', 'stylish', 'github']) {
    const r = sameAsOneThread(['--format', format, '--no-ignore', dir], 2);
    assert.match(r.stderr, WORKERS, r.stderr);
    assert.equal(r.status, 1, 'the generated workspace holds deliberate errors');
  }
  const r = sameAsOneThread(['--format', 'json', '--no-ignore', '--min-severity', 'hint', dir], 3);
  assert.equal(WORKERS.exec(r.stderr)?.[1], '3');
  assert.ok(JSON.parse(r.stdout).length >= 5, 'findings to compare');
  sameAsOneThread(['--quiet', '--no-ignore', '--max-warnings', '0', dir], 2);
});

test('--jobs: context files are split too, and still neither reported nor counted', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  const r = sameAsOneThread(['--format', 'json', '--no-ignore', '--context', dir, join(dir, files[0]), join(dir, files[5])], 2);
  assert.match(r.stderr, WORKERS);
  assert.deepEqual(new Set(JSON.parse(r.stdout).map((f) => f.file.split('/').pop())).size <= 2, true);
});

test('--jobs: what cannot be split is analysed in one thread, and says why', () => {
  const kz = mkdtempSync(join(tmpdir(), 'meshjobs-kz-'));
  writeFileSync(join(kz, 'kustomization.yaml'), 'resources: [svc.yaml]\n');
  writeFileSync(join(kz, 'svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports: [{port: 80}]\n');
  writeFileSync(join(kz, 'other.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  ports: [{port: 80}]\n');
  const cases = [
    [['--jobs', '2', kz], /Kustomize builds/],
    [['--jobs', '2', '--fix-dry-run', dir, '--no-ignore'], /fixes are applied in one workspace/],
    [['--jobs', '2', '--format', 'sarif', '--no-ignore', dir], /SARIF/],
    [['--jobs', '2', '-', '--stdin-filename', 'x.yaml'], /read by the caller/, { input: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n' }],
    // Without --jobs, small inputs stay in one thread: a worker would cost more than it saves.
    [['--no-ignore', dir], /the input is under \d+ bytes/],
    [['--jobs', '2', join(dir, readdirSync(dir)[0])], /one share/],
  ];
  for (const [args, why, opts] of cases) {
    const r = run(args, opts);
    assert.match(r.stderr, ONE, args.join(' '));
    assert.match(ONE.exec(r.stderr)[1], why, args.join(' '));
  }
  for (const bad of ['0', 'two', '-1', '1.5']) {
    const r = run([`--jobs=${bad}`, dir]);
    assert.equal(r.status, 2, bad);
    assert.match(r.stderr, /--jobs expects a positive integer/);
  }
});

// The field corpus: each repository as its CI would lint it, with two threads and with one.
const corpus = join(root, '..', 'shared', 'corpus', 'field');
const repos = existsSync(corpus) ? readdirSync(corpus).filter((d) => d.includes('__')) : [];
if (!repos.length) console.log(`# SKIP --jobs over the field corpus: ${corpus} is absent`);

test('--jobs: every field repository gets the output of one thread', { skip: !repos.length && 'field corpus absent' }, () => {
  const split = [];
  const whole = new Map();
  for (const repo of repos.sort()) {
    const r = sameAsOneThread(['--no-helm', '--format', 'json', '--min-severity', 'hint', '.'], 2, { cwd: join(corpus, repo) });
    if (WORKERS.test(r.stderr)) split.push(repo);
    else whole.set(repo, ONE.exec(r.stderr)?.[1]);
  }
  console.log(
    `# --jobs 2 over the field corpus: ${split.length} of ${repos.length} repositories split; in one thread: ${[...whole].map(([r, w]) => `${r} (${w})`).join(', ')}`,
  );
  // Only Kustomize builds keep a repository in one thread; no analysis needed more than portable files hold.
  for (const [repo, why] of whole) assert.match(why, /Kustomize builds/, repo);
  assert.ok(split.length >= 10, `${split.length} repositories split`);
});

// Values JSON cannot carry as they are, and input whose parse depends on the thread's stack.
test('--jobs: infinite ports, NUL-led names and deep block nesting give the output of one thread', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'meshjobs-odd-'));
  const pad = `${'# padding to make this file the larger share\n'.repeat(20)}`;
  writeFileSync(
    join(tmp, 'svc.yaml'),
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: reviews\nspec:\n  selector: {app: reviews}\n  ports:\n  - {name: http, port: 80}\n  - {name: http-x, port: .inf}\n  - {name: http-y, port: .nan}\n  - {name: http-z, port: -0}\n',
  );
  writeFileSync(
    join(tmp, 'vs.yaml'),
    `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\nspec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews, port: {number: 9090}, subset: "\\0s1,2,3"}\n${pad}`,
  );
  writeFileSync(
    join(tmp, 'dr.yaml'),
    'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: reviews\nspec:\n  host: reviews\n  subsets:\n  - name: "\\0s1,2,3"\n    labels: {version: v1}\n  - name: "\\0m"\n    labels: {version: v2}\n',
  );
  // 3,000 levels of block sequence on one line: past the parser's stack on any thread.
  writeFileSync(join(tmp, 'deep.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x:\n    ${'- '.repeat(3000)}x\n`);
  for (const n of [2, 3, 4]) {
    const r = sameAsOneThread(['--format', 'json', '--min-severity', 'hint', tmp], n);
    assert.match(r.stderr, WORKERS);
    const found = JSON.parse(r.stdout);
    assert.ok(
      found.some((f) => /Infinity/.test(f.message)),
      'the infinite port is named as one thread names it',
    );
    assert.ok(found.some((f) => f.file.endsWith('deep.yaml') && f.rule === 'analysis-limit' && /Block collections/.test(f.message)));
  }
  // Each side of a link in the other thread's share.
  sameAsOneThread(['--format', 'json', '--min-severity', 'hint', join(tmp, 'dr.yaml'), '--context', join(tmp, 'vs.yaml')], 2);
  sameAsOneThread(['--format', 'json', '--min-severity', 'hint', join(tmp, 'vs.yaml'), '--context', join(tmp, 'dr.yaml')], 2);
});

test('--jobs: a huge count is capped at the files there are', () => {
  const r = run(['--jobs', '99999999999999999999', '--format', 'json', '--no-ignore', dir]);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(WORKERS.exec(r.stderr)?.[1], String(readdirSync(dir).length));
});
