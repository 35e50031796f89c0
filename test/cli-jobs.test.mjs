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
const WORKERS = /^meshlint: analysed in (\d+) worker threads\n/m;
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
