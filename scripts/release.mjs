// npm run release -- <version> [--dry-run]
//
// One version for everything that ships: package.json's version is the npm package's and the
// extension's, and the build writes it into the CLI (`meshlint --version`) and the server's
// serverInfo. This script
//   1. checks that <version> is a SemVer version above the current one and that CHANGELOG.md has
//      something under "## [Unreleased]";
//   2. sets the version in package.json and package-lock.json, moves the Unreleased section under
//      "## [<version>] - <today>" (with its compare link), and names the new .vsix in README.md;
//   3. builds, checks that the CLI reports the new version, and checks what the npm tarball
//      (npm pack --dry-run) and the .vsix (npm run package) hold: the required files, and no
//      sources, tests or source maps.
// With --dry-run it prints what it would change and checks the tarball and the .vsix of the
// current build (the .vsix into a temporary folder), changing nothing.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** SemVer 2.0.0 (https://semver.org), without a leading "v". */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export function parseSemver(v) {
  const m = SEMVER.exec(v);
  if (!m) return undefined;
  return { major: +m[1], minor: +m[2], patch: +m[3], pre: m[4] ? m[4].split('.') : [] };
}

/** SemVer precedence: negative when a < b (build metadata is ignored). */
export function compareSemver(a, b) {
  const x = parseSemver(a);
  const y = parseSemver(b);
  for (const k of ['major', 'minor', 'patch']) if (x[k] !== y[k]) return x[k] - y[k];
  if (!x.pre.length || !y.pre.length) return y.pre.length - x.pre.length;
  for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i++) {
    const p = x.pre[i];
    const q = y.pre[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    if (p === q) continue;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn) return +p - +q;
    if (pn !== qn) return pn ? -1 : 1;
    return p < q ? -1 : 1;
  }
  return 0;
}

/**
 * CHANGELOG.md with the Unreleased section moved under `## [version] - date`, an empty
 * Unreleased section above it, and Keep a Changelog's link references updated.
 */
export function releaseChangelog(text, version, date, previous) {
  const head = /^## \[Unreleased\][^\n]*\n/m.exec(text);
  if (!head) throw new Error('CHANGELOG.md has no "## [Unreleased]" section');
  const start = head.index + head[0].length;
  const next = /^## \[/m.exec(text.slice(start));
  // The section ends at the next release heading, or else where the link references begin.
  const end = next ? start + next.index : start + /(\n\[[^\]\n]+\]: [^\n]*)*\n*$/.exec(text.slice(start)).index;
  const body = text.slice(start, end);
  if (!body.trim()) throw new Error('CHANGELOG.md: the Unreleased section is empty; say what this release changes first');
  if (new RegExp(`^## \\[${version.replace(/[.+]/g, '\\$&')}\\]`, 'm').test(text)) throw new Error(`CHANGELOG.md already has a section for ${version}`);
  let out = `${text.slice(0, head.index)}## [Unreleased]\n\n## [${version}] - ${date}\n${body.replace(/^\n*/, '\n').replace(/\n*$/, '\n\n')}${text.slice(end)}`;
  // Link references at the end: [Unreleased] compares from the new tag; the new version compares with the previous one.
  const unreleasedLink = /^\[Unreleased\]: (\S*)\/compare\/\S+\.\.\.HEAD$/m.exec(out);
  if (unreleasedLink) {
    const base = unreleasedLink[1];
    out = out.replace(unreleasedLink[0], `[Unreleased]: ${base}/compare/v${version}...HEAD\n[${version}]: ${base}/compare/v${previous}...v${version}`);
  }
  return out.replace(/\n{3,}/g, '\n\n');
}

/** package.json text with the new version (the first "version" key: the package's own). */
export function releasePackageJson(text, version) {
  return text.replace(/^(\s*"version":\s*")[^"]*(")/m, `$1${version}$2`);
}

/** package-lock.json text with the root package's version set (top level and packages[""]). */
export function releaseLock(text, version) {
  const lock = JSON.parse(text);
  lock.version = version;
  if (lock.packages?.['']) lock.packages[''].version = version;
  return `${JSON.stringify(lock, null, 2)}\n`;
}

const FORBIDDEN = /^(test|server|client|scripts|examples|bench|web|docs|node_modules|\.ci|\.vscode|\.github)\/|\.(ts|map)$|^package-lock\.json$|^\.meshlintrc/;

/** The files the npm tarball must hold (paths relative to the package root). */
export const TARBALL_FILES = [
  'package.json',
  'README.md',
  'LICENSE',
  'CHANGELOG.md',
  'bin/meshlint.js',
  'bin/mesh-lsp.js',
  'bin/load.js',
  'dist/cli.js',
  'dist/server.js',
  'dist/extension.js',
  'dist/validators/stamp',
  'schemas/meshlintrc.json',
];

/** The entries the .vsix must hold (zip paths: extension/..., extension.vsixmanifest). */
export const VSIX_FILES = [
  'extension.vsixmanifest',
  'extension/package.json',
  'extension/readme.md',
  'extension/changelog.md',
  'extension/LICENSE.txt',
  'extension/dist/extension.js',
  'extension/dist/server.js',
  'extension/dist/validators/stamp',
  'extension/schemas/meshlintrc.json',
];

/** Problems with the npm tarball's file list (paths relative to the package root). */
export function tarballProblems(files) {
  const problems = [];
  for (const f of TARBALL_FILES) if (!files.includes(f)) problems.push(`missing ${f}`);
  if (!files.some((f) => /^dist\/validators\/.+\.js$/.test(f))) problems.push('missing the precompiled validators dist/validators/*.js');
  for (const f of files) if (FORBIDDEN.test(f)) problems.push(`should not ship ${f}`);
  return problems;
}

/** Problems with the .vsix's entries (zip paths: extension/..., extension.vsixmanifest). */
export function vsixProblems(entries, manifest) {
  const problems = [];
  for (const f of VSIX_FILES) if (!entries.includes(f)) problems.push(`missing ${f}`);
  if (manifest.icon && !entries.includes(`extension/${manifest.icon}`)) problems.push(`missing the icon ${manifest.icon}`);
  for (const step of manifest.contributes?.walkthroughs?.flatMap((w) => w.steps) ?? [])
    if (step.media?.markdown && !entries.includes(`extension/${step.media.markdown}`)) problems.push(`missing walkthrough media ${step.media.markdown}`);
  for (const e of entries) if (e.startsWith('extension/') && FORBIDDEN.test(e.slice('extension/'.length))) problems.push(`should not ship ${e}`);
  return problems;
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${r.stdout ?? ''}${r.stderr ?? ''}`);
  return r.stdout;
}

/** Check what the npm tarball and the .vsix of the current build hold; returns the problems. */
function checkPackages(version) {
  const problems = [];
  const [pack] = JSON.parse(run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts']));
  if (pack.version !== version) problems.push(`npm pack: version ${pack.version}, expected ${version}`);
  problems.push(...tarballProblems(pack.files.map((f) => f.path)).map((p) => `npm tarball: ${p}`));
  console.log(`npm tarball ${pack.filename}: ${pack.entryCount} files, ${(pack.size / 1024).toFixed(0)} KiB`);
  const tmp = mkdtempSync(join(tmpdir(), 'mesh-release-'));
  try {
    const vsix = join(tmp, `mesh-lsp-${version}.vsix`);
    run(process.execPath, [join(root, 'scripts/package.mjs'), '--out', vsix]);
    const entries = run('unzip', ['-Z1', vsix]).split('\n').filter(Boolean);
    const manifest = JSON.parse(run('unzip', ['-p', vsix, 'extension/package.json']));
    if (manifest.version !== version) problems.push(`.vsix: version ${manifest.version}, expected ${version}`);
    problems.push(...vsixProblems(entries, manifest).map((p) => `.vsix: ${p}`));
    console.log(`.vsix: ${entries.length} entries, packaged without warnings`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return problems;
}

function main(argv) {
  const dryRun = argv.includes('--dry-run');
  const args = argv.filter((a) => a !== '--dry-run');
  const version = args[0]?.replace(/^v(?=\d)/, '');
  if (args.length !== 1 || !parseSemver(version)) {
    console.error(
      `usage: npm run release -- <version> [--dry-run]\n${args.length === 1 ? `"${args[0]}" is not a SemVer version (e.g. 0.2.0, 1.0.0-rc.1)` : ''}`,
    );
    return 2;
  }
  const files = {
    package: join(root, 'package.json'),
    lock: join(root, 'package-lock.json'),
    changelog: join(root, 'CHANGELOG.md'),
    readme: join(root, 'README.md'),
  };
  const text = Object.fromEntries(Object.entries(files).map(([k, f]) => [k, readFileSync(f, 'utf8')]));
  const current = JSON.parse(text.package).version;
  if (compareSemver(version, current) <= 0) {
    console.error(`${version} is not above the current version ${current}`);
    return 2;
  }
  const date = new Date().toISOString().slice(0, 10);
  let next;
  try {
    next = {
      package: releasePackageJson(text.package, version),
      lock: releaseLock(text.lock, version),
      changelog: releaseChangelog(text.changelog, version, date, current),
      readme: text.readme.replaceAll(`mesh-lsp-${current}.vsix`, `mesh-lsp-${version}.vsix`),
    };
  } catch (e) {
    console.error(e.message);
    return 2;
  }
  const changed = Object.keys(files).filter((k) => next[k] !== text[k]);
  console.log(`${dryRun ? 'would release' : 'releasing'} ${current} → ${version} (${date}): ${changed.map((k) => files[k].slice(root.length + 1)).join(', ')}`);
  if (dryRun) {
    const section = next.changelog.slice(next.changelog.indexOf(`## [${version}]`)).split(/^## \[/m)[1];
    console.log(`\nCHANGELOG.md would read:\n\n## [${section.trimEnd()}\n`);
    console.log(`checking the npm tarball and the .vsix of the current build (${current}):`);
    const problems = checkPackages(current);
    if (problems.length) {
      console.error(problems.map((p) => `  ✖ ${p}`).join('\n'));
      return 1;
    }
    console.log('dry run: nothing changed');
    return 0;
  }
  for (const k of changed) writeFileSync(files[k], next[k]);
  run(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  const problems = [];
  const cli = execFileSync(process.execPath, [join(root, 'bin/meshlint.js'), '--version'], { encoding: 'utf8' }).trim();
  if (cli !== version) problems.push(`meshlint --version prints ${cli}, expected ${version}`);
  const server = execFileSync(process.execPath, [join(root, 'bin/mesh-lsp.js'), '--version'], { encoding: 'utf8' }).trim();
  if (server !== version) problems.push(`mesh-lsp --version prints ${server}, expected ${version}`);
  problems.push(...checkPackages(version));
  if (problems.length) {
    console.error(`The files are updated to ${version}, but the packages are not ready:\n${problems.map((p) => `  ✖ ${p}`).join('\n')}`);
    return 1;
  }
  console.log(`
${version} is ready. Review the changes, then:
  git commit -am "Release ${version}" && git tag v${version} && git push --follow-tags
  npm publish                                   # the npm package mesh-lsp
  npm run package                               # mesh-lsp-${version}.vsix
  npx @vscode/vsce publish --packagePath mesh-lsp-${version}.vsix
  npx ovsx publish mesh-lsp-${version}.vsix`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main(process.argv.slice(2));
