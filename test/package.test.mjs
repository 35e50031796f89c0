// The npm package as a user gets it: `npm pack` of the built checkout, installed with
// `--omit=dev` into an empty prefix (no clone, no dev dependencies, no build), then both
// installed bins run: meshlint on a copy of examples/, --version, and mesh-lsp answering an LSP
// `initialize` over stdio. The package has no runtime dependencies, so the install needs no
// network; should npm still fail to reach the registry, the test is skipped with the reason.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { TARBALL_FILES } from '../scripts/release.mjs';
import { root } from './helpers.mjs';
import { LspClient } from './lsp/client.mjs';

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const tmp = mkdtempSync(join(tmpdir(), 'mesh-pack-'));
const prefix = join(tmp, 'prefix');
let packed; // npm pack --json's entry for the tarball
let skip = '';

const NETWORK = /E(NOTFOUND|AI_AGAIN|CONNREFUSED|CONNRESET|TIMEDOUT|NETUNREACH)|network|getaddrinfo/i;

before(() => {
  // The checkout is built before the tests run (npm test builds first); pack it as it is, without
  // running prepack's build again under the other test files that read dist/.
  const out = execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], { cwd: root, encoding: 'utf8' });
  packed = JSON.parse(out)[0];
  mkdirSync(prefix);
  const r = spawnSync(npm, ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefix', prefix, join(tmp, packed.filename)], {
    cwd: tmp,
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    if (NETWORK.test(r.stderr)) {
      skip = `npm install of the packed tarball could not reach the registry: ${r.stderr.trim().split('\n').slice(-3).join(' ')}`;
      console.log(`# SKIP ${skip}`);
      return;
    }
    assert.fail(`npm install of the tarball failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
});

after(() => rmSync(tmp, { recursive: true, force: true }));

const bin = (name) => join(prefix, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

test('the tarball holds the bundles, bins, schemas and notices, and no sources or tests', () => {
  const files = packed.files.map((f) => f.path);
  for (const f of [...TARBALL_FILES, 'third_party/istio-api/LICENSE']) assert.ok(files.includes(f), `${f} is in the tarball`);
  assert.ok(files.filter((f) => /^dist\/validators\/.+\.js$/.test(f)).length > 10, 'the precompiled schema validators are in the tarball');
  const stray = files.filter(
    (f) => /^(test|server|client|scripts|examples|bench|web|docs|\.ci)\//.test(f) || /\.(ts|map)$/.test(f) || f === 'package-lock.json',
  );
  assert.deepEqual(stray, [], 'no sources, tests, source maps or development files');
  // Everything the bins load is bundled: nothing for npm to fetch at install time.
  assert.deepEqual(pkg.dependencies ?? {}, {});
  assert.equal(pkg.private, undefined);
});

test('the installed package is the tarball alone: no build ran, no dependencies came with it', (t) => {
  if (skip) return t.skip(skip);
  const installed = join(prefix, 'node_modules', 'mesh-lsp');
  assert.ok(existsSync(join(installed, 'dist/cli.js')));
  assert.ok(!existsSync(join(installed, 'scripts')), 'no build scripts in the installed package');
  assert.ok(!existsSync(join(installed, 'node_modules')), 'no nested dependencies');
  const modules = readdirSync(join(prefix, 'node_modules'));
  assert.deepEqual(
    modules.filter((m) => !m.startsWith('.')),
    ['mesh-lsp'],
    'only mesh-lsp is installed',
  );
});

test('installed meshlint lints a copy of examples/ exactly as the checkout does, exit 1', (t) => {
  if (skip) return t.skip(skip);
  const work = join(tmp, 'examples');
  cpSync(join(root, 'examples'), work, { recursive: true });
  const installed = spawnSync(bin('meshlint'), ['--format', 'json', '.'], { cwd: work, encoding: 'utf8' });
  assert.equal(installed.status, 1, installed.stderr);
  const checkout = spawnSync(process.execPath, [join(root, 'bin/meshlint.js'), '--format', 'json', '.'], { cwd: work, encoding: 'utf8' });
  assert.equal(checkout.status, 1, checkout.stderr);
  const report = JSON.parse(installed.stdout);
  assert.deepEqual(report, JSON.parse(checkout.stdout));
  const text = installed.stdout;
  assert.match(text, /"severity":\s*"error"/, 'the examples have errors on purpose');
  // The human format too, with the file names of the copy.
  const stylish = spawnSync(bin('meshlint'), ['.'], { cwd: work, encoding: 'utf8' });
  assert.equal(stylish.status, 1);
  assert.match(stylish.stdout, /virtual-services\.yaml/);
  assert.match(stylish.stdout, /\d+ problems? \(\d+ errors?/);
});

test('installed meshlint and mesh-lsp print the package version', (t) => {
  if (skip) return t.skip(skip);
  assert.equal(execFileSync(bin('meshlint'), ['--version'], { encoding: 'utf8' }).trim(), pkg.version);
  assert.equal(execFileSync(bin('mesh-lsp'), ['--version'], { encoding: 'utf8' }).trim(), pkg.version);
});

test('installed mesh-lsp --stdio answers initialize and shuts down', async (t) => {
  if (skip) return t.skip(skip);
  const client = new LspClient({ rootPath: join(root, 'examples'), command: [bin('mesh-lsp')] });
  try {
    const result = await client.initialize();
    assert.deepEqual(result.serverInfo, { name: 'mesh-lsp', version: pkg.version });
    assert.ok(result.capabilities.textDocumentSync, 'the server syncs documents');
    assert.ok(result.capabilities.codeActionProvider, 'the server offers code actions');
  } finally {
    await client.shutdown();
  }
  assert.equal(client.proc.exitCode, 0, client.stderr);
});
