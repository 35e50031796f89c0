// The .vsix as the VS Code Marketplace and Open VSX get it: `npm run package` (scripts/package.mjs)
// of the built checkout into a temporary file, with no warning from vsce, and what it holds: icon,
// changelog, license, the manifest fields the galleries show, the contributed schemas, walkthrough
// media and problem matcher, and no sources or tests.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { VSIX_FILES } from '../scripts/release.mjs';
import { root } from './helpers.mjs';

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const tmp = mkdtempSync(join(tmpdir(), 'mesh-vsix-'));
const vsix = join(tmp, 'mesh-lsp.vsix');
let packaging;
let entries = [];
const unzip = spawnSync('unzip', ['-v'], { encoding: 'utf8' });
const skip = unzip.error ? `unzip is not installed (${unzip.error.message}); apt-get install unzip` : false;
if (skip) console.log(`# SKIP ${skip}`);

before(() => {
  packaging = spawnSync(process.execPath, [join(root, 'scripts/package.mjs'), '--out', vsix], { cwd: root, encoding: 'utf8' });
  if (!skip && packaging.status === 0) entries = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).split('\n').filter(Boolean);
});
after(() => rmSync(tmp, { recursive: true, force: true }));

const read = (entry) => execFileSync('unzip', ['-p', vsix, entry], { maxBuffer: 64 << 20 });

test('vsce packages the extension without a warning', () => {
  assert.equal(packaging.status, 0, `${packaging.stdout}\n${packaging.stderr}`);
  const output = `${packaging.stdout}\n${packaging.stderr}`;
  assert.doesNotMatch(output, /\bWARNING\b/);
  assert.match(output, /DONE\s+Packaged/);
});

test('the .vsix holds the icon, changelog, license, bundles and schemas, and no sources or tests', { skip }, () => {
  for (const f of [...VSIX_FILES, 'extension/images/icon.png', 'extension/syntaxes/istio.injection.tmLanguage.json'])
    assert.ok(entries.includes(f), `${f} is in the .vsix`);
  const stray = entries.filter((f) => /^extension\/(test|server|client|scripts|examples|bench|web|node_modules|\.ci)\//.test(f) || /\.(ts|map)$/.test(f));
  assert.deepEqual(stray, []);
  // The icon: a PNG of at least 128 x 128 pixels (the IHDR chunk's width and height).
  const png = read('extension/images/icon.png');
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.ok(png.readUInt32BE(16) >= 128 && png.readUInt32BE(20) >= 128, `icon is ${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`);
  // The gallery manifest names the icon, license and changelog, and links the repository.
  const manifest = read('extension.vsixmanifest').toString('utf8');
  for (const asset of [
    'Microsoft.VisualStudio.Services.Icons.Default',
    'Microsoft.VisualStudio.Services.Content.License',
    'Microsoft.VisualStudio.Services.Content.Changelog',
  ])
    assert.match(manifest, new RegExp(`Type="${asset.replace(/\./g, '\\.')}"`), `${asset} in the manifest`);
  assert.match(manifest, /https:\/\/github\.com\/mesh-lsp\/mesh-lsp/);
  // The changelog's first release heading is the packaged version (or Unreleased above it).
  const changelog = read('extension/changelog.md').toString('utf8');
  assert.equal(changelog.match(/^## \[(\d[^\]]*)\]/m)?.[1], pkg.version);
});

test('the packaged package.json: gallery fields, trust, schemas, walkthrough media, no runtime dependencies', { skip }, () => {
  const m = JSON.parse(read('extension/package.json').toString('utf8'));
  assert.equal(m.version, pkg.version);
  assert.equal(m.license, 'Apache-2.0');
  assert.equal(m.icon, 'images/icon.png');
  assert.match(m.repository.url, /^https:\/\/github\.com\/mesh-lsp\/mesh-lsp/);
  assert.match(m.bugs.url, /\/issues$/);
  assert.ok(m.homepage);
  assert.equal(m.private, undefined);
  assert.deepEqual(m.dependencies ?? {}, {});
  // Runs in Restricted Mode, but never renders Helm charts there: helmCommand is a restricted setting.
  assert.equal(m.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.deepEqual(m.capabilities.untrustedWorkspaces.restrictedConfigurations, ['meshLsp.helmCommand']);
  assert.equal(typeof m.capabilities.virtualWorkspaces.supported, 'boolean');
  const inVsix = (p) => entries.includes(`extension/${p.replace(/^\.\//, '')}`);
  const json = m.contributes.jsonValidation.find((v) => [v.fileMatch].flat().includes('.meshlintrc.json'));
  assert.ok(json && inVsix(json.url), 'the .meshlintrc.json schema is contributed and packaged');
  const yaml = m.contributes.yamlValidation.find((v) => [v.fileMatch].flat().includes('.meshlintrc.yaml'));
  assert.ok(yaml && inVsix(yaml.url), 'the .meshlintrc.yaml schema is contributed for the YAML extension and packaged');
  const [walkthrough] = m.contributes.walkthroughs;
  assert.ok(walkthrough.steps.length >= 4);
  for (const step of walkthrough.steps) assert.ok(inVsix(step.media.markdown), `${step.media.markdown} is in the .vsix`);
  // Steps that run an extension command name one the extension contributes.
  const commands = new Set(m.contributes.commands.map((c) => c.command));
  for (const step of walkthrough.steps)
    for (const [, id] of step.description.matchAll(/\(command:(meshLsp\.[A-Za-z]+)\)/g)) assert.ok(commands.has(id), `walkthrough command ${id}`);
});

test('the $meshlint problem matcher reads meshlint output: the same findings as --format json', () => {
  const [matcher] = pkg.contributes.problemMatchers;
  assert.equal(matcher.name, 'meshlint');
  const [fileLine, findingLine] = matcher.pattern.map((p) => ({ ...p, re: new RegExp(p.regexp) }));
  assert.equal(findingLine.loop, true);
  const run = (args) => spawnSync(process.execPath, [join(root, 'bin/meshlint.js'), ...args], { cwd: root, encoding: 'utf8' });
  const text = run(['examples/']).stdout;
  const expected = JSON.parse(run(['--format', 'json', 'examples/']).stdout).map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.rule} ${f.message}`);
  assert.ok(expected.length >= 3);
  // VS Code's multi-line matching: a line matching the first pattern names the file, then the
  // looping pattern matches each finding line after it.
  const found = [];
  let file;
  for (const line of text.split('\n')) {
    const f = file !== undefined && findingLine.re.exec(line);
    if (f) {
      const g = (k) => f[findingLine[k]];
      found.push(`${file}:${g('line')}:${g('column')} ${g('severity')} ${g('code')} ${g('message')}`);
      continue;
    }
    const m = fileLine.re.exec(line);
    file = m ? m[fileLine.file] : undefined;
  }
  assert.deepEqual(found, expected);
});
