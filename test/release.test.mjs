// npm run release (scripts/release.mjs): SemVer checks, the CHANGELOG, package.json and
// package-lock.json edits on the real files' text, the package content checks on the real npm
// tarball list, and the script itself: --dry-run on this checkout changes nothing; a bad or
// lower version is refused before anything is written.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { compareSemver, parseSemver, releaseChangelog, releaseLock, releasePackageJson, tarballProblems, vsixProblems } from '../scripts/release.mjs';
import { root } from './helpers.mjs';

const read = (f) => readFileSync(join(root, f), 'utf8');
const pkg = JSON.parse(read('package.json'));
const script = join(root, 'scripts/release.mjs');
const RELEASE_FILES = ['package.json', 'package-lock.json', 'CHANGELOG.md', 'README.md'];

test('SemVer: valid versions, precedence', () => {
  for (const v of ['0.2.0', '1.0.0', '1.0.0-rc.1', '1.0.0-alpha+001', '10.20.30']) assert.ok(parseSemver(v), v);
  for (const v of ['1.0', 'v1.0.0', '01.0.0', '1.0.0-', '1.0.0-01', 'latest', '']) assert.equal(parseSemver(v), undefined, v);
  const ordered = ['0.1.0', '0.1.1', '0.2.0-alpha', '0.2.0-alpha.1', '0.2.0-alpha.beta', '0.2.0-beta.2', '0.2.0-beta.11', '0.2.0-rc.1', '0.2.0', '1.0.0'];
  for (let i = 0; i + 1 < ordered.length; i++) {
    assert.ok(compareSemver(ordered[i], ordered[i + 1]) < 0, `${ordered[i]} < ${ordered[i + 1]}`);
    assert.ok(compareSemver(ordered[i + 1], ordered[i]) > 0, `${ordered[i + 1]} > ${ordered[i]}`);
  }
  assert.equal(compareSemver('1.0.0+build.1', '1.0.0'), 0);
});

test('CHANGELOG.md: Unreleased moves under the new version with the date, links follow, the older releases stay as they are', () => {
  const before = read('CHANGELOG.md');
  const unreleased = before.split(/^## \[Unreleased\]\n/m)[1].split(/^## \[/m)[0];
  assert.ok(unreleased.trim(), 'the checkout has unreleased changes to test with');
  const after = releaseChangelog(before, '9.8.7', '2030-01-02', pkg.version);
  const sections = after.split(/^## /m);
  assert.equal(sections[1], '[Unreleased]\n\n', 'an empty Unreleased section on top');
  assert.equal(sections[2], `[9.8.7] - 2030-01-02\n${unreleased}`, 'the new release holds what Unreleased held, word for word');
  assert.ok(after.includes(before.slice(before.indexOf(`## [${pkg.version}]`)).split('\n[Unreleased]: ')[0]), 'the previous releases are unchanged');
  assert.match(after, /^\[Unreleased\]: https:\/\/github\.com\/mesh-lsp\/mesh-lsp\/compare\/v9\.8\.7\.\.\.HEAD$/m);
  assert.match(
    after,
    new RegExp(`^\\[9\\.8\\.7\\]: https://github\\.com/mesh-lsp/mesh-lsp/compare/v${pkg.version.replace(/\./g, '\\.')}\\.\\.\\.v9\\.8\\.7$`, 'm'),
  );
  // Released again right away: nothing to release, and a version is never released twice.
  assert.throws(() => releaseChangelog(after, '9.8.8', '2030-01-03', '9.8.7'), /Unreleased section is empty/);
  assert.throws(
    () => releaseChangelog(after.replace('## [Unreleased]\n', '## [Unreleased]\n\n- more\n'), '9.8.7', '2030-01-03', '9.8.7'),
    /already has a section for 9\.8\.7/,
  );
  assert.throws(() => releaseChangelog('# Changelog\n\n## [1.0.0]\n', '1.0.1', '2030-01-03', '1.0.0'), /no "## \[Unreleased\]" section/);
});

test('package.json and package-lock.json: only the root version changes', () => {
  const next = JSON.parse(releasePackageJson(read('package.json'), '9.8.7'));
  assert.equal(next.version, '9.8.7');
  assert.deepEqual({ ...next, version: pkg.version }, pkg);
  const lock = JSON.parse(read('package-lock.json'));
  const nextLock = JSON.parse(releaseLock(read('package-lock.json'), '9.8.7'));
  assert.equal(nextLock.version, '9.8.7');
  assert.equal(nextLock.packages[''].version, '9.8.7');
  nextLock.version = lock.version;
  nextLock.packages[''].version = lock.packages[''].version;
  assert.deepEqual(nextLock, lock);
});

test('the package checks pass on the real npm tarball and name what is missing or should not ship', () => {
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }));
  const files = pack.files.map((f) => f.path);
  assert.deepEqual(tarballProblems(files), []);
  const bad = [...files.filter((f) => f !== 'dist/server.js'), 'test/cli.test.mjs', 'server/src/server.ts', 'dist/cli.js.map'];
  assert.deepEqual(tarballProblems(bad), [
    'missing dist/server.js',
    'should not ship test/cli.test.mjs',
    'should not ship server/src/server.ts',
    'should not ship dist/cli.js.map',
  ]);
  const entries = [
    'extension.vsixmanifest',
    ...files.filter((f) => f !== 'LICENSE').map((f) => `extension/${f.replace(/^README\.md$/, 'readme.md').replace(/^CHANGELOG\.md$/, 'changelog.md')}`),
    'extension/LICENSE.txt',
  ];
  assert.deepEqual(vsixProblems(entries, pkg), []);
  assert.deepEqual(vsixProblems([...entries.filter((e) => e !== 'extension/images/icon.png'), 'extension/client/src/extension.ts'], pkg), [
    'missing the icon images/icon.png',
    'should not ship extension/client/src/extension.ts',
  ]);
});

test('npm run release -- <version> --dry-run prints the plan, checks the packages and changes nothing', () => {
  const before = RELEASE_FILES.map(read);
  const r = spawnSync(process.execPath, [script, '99.0.0', '--dry-run'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(
    r.stdout,
    new RegExp(
      `would release ${pkg.version.replace(/\./g, '\\.')} → 99\\.0\\.0 \\(\\d{4}-\\d{2}-\\d{2}\\): package\\.json, package-lock\\.json, CHANGELOG\\.md`,
    ),
  );
  assert.match(r.stdout, /^## \[99\.0\.0\] - \d{4}-\d{2}-\d{2}$/m);
  assert.match(r.stdout, /\.vsix: \d+ entries, packaged without warnings/);
  assert.match(r.stdout, /dry run: nothing changed/);
  assert.deepEqual(RELEASE_FILES.map(read), before);
});

test('a version that is not SemVer, or not above the current one, is refused before anything is written', () => {
  const before = RELEASE_FILES.map(read);
  for (const [args, message] of [
    [['1.2'], /"1\.2" is not a SemVer version/],
    [['next'], /"next" is not a SemVer version/],
    [[], /usage: npm run release -- <version>/],
    [[pkg.version], new RegExp(`is not above the current version ${pkg.version.replace(/\./g, '\\.')}`)],
    [['0.0.1'], /is not above the current version/],
  ]) {
    const r = spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 2, `${args}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, message);
  }
  assert.deepEqual(RELEASE_FILES.map(read), before);
});
