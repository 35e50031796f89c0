// The CLI at its edges, as ESLint/ruff/kubectl users expect: exit codes, config validation,
// encodings, symlinks, ignore files, standard input, SARIF, --quiet/--output-file, --version,
// argument errors, closed pipes. Real processes, real files.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { root } from './helpers.mjs';

const bin = join(root, 'bin/meshlint.js');
const lsp = join(root, 'bin/mesh-lsp.js');
const run = (args, opts = {}) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root, ...opts });
const tmp = (p) => mkdtempSync(join(tmpdir(), p));
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const noNodeNoise = (r) => assert.doesNotMatch(r.stderr, /Warning:|\(node:\d+\)|^\s+at .*\(.*:\d+:\d+\)$/m, r.stderr);

const SVC =
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{name: http, port: 80}, {name: http-alt, port: 81}]\n';
const MISNESTED =
  'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: web\nspec:\n  hosts: [web]\n  http:\n  - route:\n    - destination:\n      host: web # the service\n';
const WARN =
  'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: web\nspec:\n  hosts: [web]\n  http:\n  - route:\n    - destination: {host: web, port: {number: 80}}\n      weight: 70\n    - destination: {host: web, port: {number: 81}}\n      weight: 40\n';

test('--version and --help of both commands; unknown options: one line, a usage hint, exit 2', () => {
  for (const args of [['--version'], ['-v']]) {
    const r = run(args);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, `${version}\n`);
  }
  let r = spawnSync(process.execPath, [lsp, '--version'], { encoding: 'utf8' });
  assert.equal(r.stdout, `${version}\n`);
  r = spawnSync(process.execPath, [lsp, '--help'], { encoding: 'utf8' });
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^Usage: mesh-lsp/);
  r = run(['--help']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /--fix-suggestions/);
  for (const [args, msg] of [
    [['--bogus', 'examples'], /^meshlint: unknown option --bogus \(see meshlint --help\)\n$/],
    [['--format'], /^meshlint: option -f, --format needs a value \(see meshlint --help\)\n$/],
    [['canary', '--nope'], /^meshlint: unknown option --nope \(see meshlint canary --help\)\n$/],
    [['--max-warnings', 'x', 'examples'], /^meshlint: --max-warnings expects a non-negative integer\n$/],
    [['--rule', 'unknown-hots=off', 'examples'], /^meshlint: unknown rule "unknown-hots"/],
  ]) {
    r = run(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, msg);
    assert.equal(r.stdout, '');
  }
});

test('exit 2 for a path without YAML; a binary or non-UTF-8 manifest is a finding (exit 1, cli-unreadable.test.mjs); exit 0 otherwise', () => {
  const dir = tmp('meshedge-');
  mkdirSync(join(dir, 'empty'));
  writeFileSync(join(dir, 'empty', 'README.md'), '# nothing here\n');
  let r = run([join(dir, 'empty')]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no YAML files \(\*\.yaml, \*\.yml\) in /);
  writeFileSync(join(dir, 'binary.yaml'), Buffer.from('apiVersion: v1\nkind: Secret\ndata: \0\x01\x02'));
  r = run([join(dir, 'binary.yaml')]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /error {2}File could not be analyzed: not a text file \(it contains NUL bytes\)\. {2}file-unreadable/);
  writeFileSync(join(dir, 'latin1.yaml'), Buffer.from('kind: Service\nname: caf\xe9\n', 'latin1'));
  r = run([join(dir, 'latin1.yaml')]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /not UTF-8 text, and no UTF-16\/UTF-32 byte order mark/);
  mkdirSync(join(dir, 'ok'));
  writeFileSync(join(dir, 'ok', 'svc.yaml'), SVC);
  r = run([join(dir, 'ok')]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /no problems in 1 file\n/);
  noNodeNoise(r);
});

test('UTF-16 and UTF-32 with a byte order mark are decoded, and --fix writes them back the same way', () => {
  const dir = tmp('meshenc-');
  const enc = {
    'utf8bom.yaml': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(MISNESTED)]),
    'utf16le.yaml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(MISNESTED, 'utf16le')]),
    'utf16be.yaml': Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(MISNESTED, 'utf16le').swap16()]),
    'utf32le.yaml': (() => {
      const b = Buffer.alloc(4 + MISNESTED.length * 4);
      b.writeUInt32LE(0xfeff, 0);
      [...MISNESTED].forEach((c, i) => {
        b.writeUInt32LE(c.codePointAt(0), 4 + i * 4);
      });
      return b;
    })(),
  };
  for (const [name, bytes] of Object.entries(enc)) writeFileSync(join(dir, name), bytes);
  writeFileSync(join(dir, 'svc.yaml'), SVC);
  let r = run(['--format', 'json', '.'], { cwd: dir });
  const findings = JSON.parse(r.stdout);
  for (const name of Object.keys(enc)) {
    const f = findings.find((x) => x.file === name && x.rule === 'misnested-destination');
    assert.ok(f, `${name}: ${JSON.stringify(findings.filter((x) => x.file === name))}`);
    assert.equal(f.line, 10);
  }
  r = run(['--fix', '.'], { cwd: dir });
  assert.match(r.stderr, /applied 4 fixes in 4 files/);
  const fixed = MISNESTED.replace('      host: web', '        host: web');
  assert.deepEqual(readFileSync(join(dir, 'utf16le.yaml')), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(fixed, 'utf16le')]));
  assert.deepEqual(readFileSync(join(dir, 'utf8bom.yaml')), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(fixed)]));
  assert.equal(readFileSync(join(dir, 'utf32le.yaml')).readUInt32LE(0), 0xfeff);
});

test('symbolic links to files and folders are followed once; a cycle is detected', () => {
  const dir = tmp('meshlink-');
  mkdirSync(join(dir, 'real'));
  writeFileSync(join(dir, 'real', 'svc.yaml'), SVC);
  mkdirSync(join(dir, 'other'));
  writeFileSync(join(dir, 'other', 'vs.yaml'), WARN);
  symlinkSync(join(dir, 'other'), join(dir, 'real', 'linked'));
  symlinkSync(join(dir, 'real'), join(dir, 'real', 'loop'));
  symlinkSync(join(dir, 'other', 'vs.yaml'), join(dir, 'real', 'again.yaml'));
  const r = run(['--format', 'json', 'real'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  const files = [...new Set(JSON.parse(r.stdout).map((f) => f.file))];
  assert.equal(files.length, 1, `the linked file is linted once: ${files}`);
  assert.match(r.stderr, /skipped real\/loop: a symbolic link to a folder already read/);
});

test('.meshlintrc.json and .meshlintrc.yaml: validated with file:line, did-you-mean, ESLint severities', () => {
  const dir = tmp('meshrc-');
  writeFileSync(join(dir, 'vs.yaml'), WARN);
  writeFileSync(join(dir, 'svc.yaml'), SVC);
  const rc = (text, name = '.meshlintrc.json') => writeFileSync(join(dir, name), text);
  rc('{\n  "rules": {\n    "weights-not-100": "warn"\n  },\n  "exclud": ["x"]\n}\n');
  let r = run(['.'], { cwd: dir });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^meshlint: \.meshlintrc\.json:5: unknown setting "exclud" \(did you mean "exclude"\?\)/);
  rc('{\n  "rules": {\n    "weights-not-10": "error"\n  }\n}\n');
  r = run(['.'], { cwd: dir });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^meshlint: \.meshlintrc\.json:3: unknown rule "weights-not-10" \(did you mean "weights-not-100"\?\)/);
  rc('{\n  "rules": {\n    "weights-not-100": "fatal"\n  }\n}\n');
  r = run(['.'], { cwd: dir });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /\.meshlintrc\.json:3: severity of rule "weights-not-100" must be error, warning, info, hint or off/);
  rc('{\n  "rules": {\n    "weights-not-100": \n  }\n}\n');
  r = run(['.'], { cwd: dir });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /\.meshlintrc\.json:\d+: config is not valid JSON/);
  // ESLint spellings: 2 = error, "off", 0.
  rc('{ "rules": { "weights-not-100": 2, "unknown-subset": "off", "unknown-host": 0 } }');
  r = run(['--format', 'json', '.'], { cwd: dir });
  assert.equal(r.status, 1);
  assert.deepEqual(
    JSON.parse(r.stdout).map((f) => [f.rule, f.severity]),
    [['weights-not-100', 'error']],
  );
  rc('', '.meshlintrc.json');
  spawnSync('rm', [join(dir, '.meshlintrc.json')]);
  rc('rules:\n  weights-not-100: warn\n  unknown-subset: "off"\n  unknown-host: off\nexclude: [ignored/**]\n', '.meshlintrc.yaml');
  r = run(['--format', 'json', '--max-warnings', '0', '.'], { cwd: dir });
  assert.equal(r.status, 1, r.stderr);
  assert.deepEqual(
    JSON.parse(r.stdout).map((f) => [f.rule, f.severity]),
    [['weights-not-100', 'warning']],
  );
  assert.match(r.stderr, /1 warning, more than --max-warnings 0/);
  assert.ok(existsSync(join(root, 'schemas/meshlintrc.json')));
});

test('exclude patterns: config ones relative to its folder, CLI ones to the working directory, absolute paths; .gitignore honoured unless --no-ignore', () => {
  const dir = tmp('meshex-');
  mkdirSync(join(dir, '.git'));
  mkdirSync(join(dir, 'conf'));
  mkdirSync(join(dir, 'a', 'gen'), { recursive: true });
  mkdirSync(join(dir, 'a', 'keep'), { recursive: true });
  writeFileSync(join(dir, 'a', 'gen', 'vs.yaml'), WARN);
  writeFileSync(join(dir, 'a', 'keep', 'vs.yaml'), WARN.replace(/name: web\nspec/, 'name: web2\nspec'));
  writeFileSync(join(dir, 'a', 'svc.yaml'), SVC);
  writeFileSync(join(dir, 'conf', 'rc.json'), JSON.stringify({ exclude: ['../a/gen/**'] }));
  const files = (r) => [...new Set(JSON.parse(r.stdout).map((f) => f.file))].sort();
  let r = run(['-f', 'json', '--config', 'conf/rc.json', 'a'], { cwd: dir });
  assert.deepEqual(files(r), ['a/keep/vs.yaml'], r.stderr);
  r = run(['-f', 'json', '--exclude', 'a/keep/**', 'a'], { cwd: dir });
  assert.deepEqual(files(r), ['a/gen/vs.yaml']);
  r = run(['-f', 'json', '--exclude', join(dir, 'a', 'gen'), 'a'], { cwd: dir });
  assert.deepEqual(files(r), ['a/keep/vs.yaml']);
  writeFileSync(join(dir, '.gitignore'), '# generated\ngen/\n');
  r = run(['-f', 'json', 'a'], { cwd: dir });
  assert.deepEqual(files(r), ['a/keep/vs.yaml']);
  r = run(['-f', 'json', '--no-ignore', 'a'], { cwd: dir });
  assert.deepEqual(files(r), ['a/gen/vs.yaml', 'a/keep/vs.yaml']);
});

test('standard input: meshlint -, --stdin-filename, and --fix - (fixed document on stdout, findings on stderr)', () => {
  const dir = tmp('meshstdin-');
  writeFileSync(join(dir, 'svc.yaml'), SVC.replace(', {name: http-alt, port: 81}', ''));
  let r = run(['-f', 'json', '-'], { cwd: dir, input: MISNESTED });
  assert.equal(r.status, 1);
  assert.equal(JSON.parse(r.stdout)[0].file, '<stdin>');
  r = run(['-f', 'json', '--stdin-filename', 'deploy/vs.yaml', '-', 'svc.yaml'], { cwd: dir, input: MISNESTED });
  const out = JSON.parse(r.stdout);
  assert.ok(out.some((f) => f.file === 'deploy/vs.yaml' && f.rule === 'misnested-destination'));
  assert.ok(!out.some((f) => f.rule === 'unknown-host'), 'svc.yaml resolves the host of stdin');
  r = run(['--fix', '--stdin-filename', 'vs.yaml', '-', 'svc.yaml'], { cwd: dir, input: MISNESTED });
  assert.equal(r.stdout, MISNESTED.replace('      host: web', '        host: web'));
  assert.match(r.stderr, /applied 1 fix in 1 file/);
  assert.match(r.stderr, /no problems in 2 files/);
  assert.equal(r.status, 0);
  r = run(['--fix', '-'], { cwd: dir, input: SVC });
  assert.equal(r.stdout, SVC, 'nothing to fix: the document comes back unchanged');
  r = run(['-', '-'], { cwd: dir, input: SVC });
  assert.equal(r.status, 2);
});

test('--format sarif: SARIF 2.1.0 with rule metadata, help URIs, regions and fixes', () => {
  const dir = tmp('meshsarif-');
  writeFileSync(join(dir, 'svc.yaml'), SVC);
  writeFileSync(join(dir, 'vs.yaml'), MISNESTED);
  const r = run(['--format', 'sarif', '.'], { cwd: dir });
  assert.equal(r.status, 1);
  const log = JSON.parse(r.stdout);
  assert.equal(log.version, '2.1.0');
  assert.match(log.$schema, /sarif-2\.1\.0/);
  const run0 = log.runs[0];
  assert.equal(run0.tool.driver.name, 'meshlint');
  assert.equal(run0.tool.driver.version, version);
  const rule = run0.tool.driver.rules.find((x) => x.id === 'misnested-destination');
  assert.match(rule.helpUri, /docs\/rules\/misnested-destination\.md$/);
  assert.ok(rule.shortDescription.text.length > 10);
  const res = run0.results.find((x) => x.ruleId === 'misnested-destination');
  assert.equal(run0.tool.driver.rules[res.ruleIndex].id, 'misnested-destination');
  assert.equal(res.level, 'error');
  const loc = res.locations[0].physicalLocation;
  assert.equal(loc.artifactLocation.uri, 'vs.yaml');
  assert.equal(loc.region.startLine, 10);
  assert.ok(loc.region.startColumn >= 1 && loc.region.endLine >= 10);
  const fix = res.fixes[0];
  assert.match(fix.description.text, /\(safe\)$/);
  assert.equal(fix.artifactChanges[0].artifactLocation.uri, 'vs.yaml');
  assert.equal(fix.artifactChanges[0].replacements[0].insertedContent.text, '  ');
});

test('--quiet reports errors only; --output-file writes the report there; plural-correct summaries and human sizes', () => {
  const dir = tmp('meshq-');
  writeFileSync(join(dir, 'svc.yaml'), SVC);
  writeFileSync(join(dir, 'warn.yaml'), WARN);
  let r = run(['.'], { cwd: dir });
  assert.equal(r.status, 0);
  assert.match(r.stdout, /✖ 1 problem \(0 errors, 1 warning, 0 info\)/);
  r = run(['--quiet', '.'], { cwd: dir });
  assert.equal(r.status, 0);
  assert.match(r.stdout, /no problems in 2 files/);
  r = run(['--quiet', '--max-warnings', '0', '.'], { cwd: dir });
  assert.equal(r.status, 1, '--max-warnings still counts the warnings --quiet hides');
  writeFileSync(join(dir, 'bad.yaml'), MISNESTED.replace('name: web\n', 'name: web-bad\n').replace('hosts: [web]', 'hosts: [web-bad.example.com]'));
  r = run(['--output-file', 'report.json', '-f', 'json', '.'], { cwd: dir });
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  assert.deepEqual(
    JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))
      .map((f) => f.rule)
      .sort(),
    ['misnested-destination', 'weights-not-100'],
  );
  writeFileSync(join(dir, 'big.yaml'), `apiVersion: v1\nkind: ConfigMap\n# ${'x'.repeat(40 * 1024)}\n`);
  r = run(['--max-file-size', '2048', '-f', 'json', 'big.yaml'], { cwd: dir });
  assert.match(JSON.parse(r.stdout)[0].message, /^File is 40 KB, over the 2 KB limit/);
});

test('a closed pipe ends quietly (no EPIPE crash, no Node warning)', () => {
  const dir = tmp('meshpipe-');
  const many = Array.from({ length: 400 }, (_, i) => WARN.replace('name: web\n', `name: web${i}\n`)).join('---\n');
  writeFileSync(join(dir, 'many.yaml'), many);
  const r = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" --format json many.yaml | head -c 100 >/dev/null; echo "status=\${PIPESTATUS:-done}"`], {
    encoding: 'utf8',
    cwd: dir,
  });
  assert.doesNotMatch(r.stderr, /EPIPE|Error|Warning/, r.stderr);
});

test('canary subcommand exit codes: 0 applied or already in place, 1 not applicable, 2 usage', () => {
  const dir = tmp('meshcanary-codes-');
  writeFileSync(
    join(dir, 'vs.yaml'),
    'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: web\nspec:\n  hosts: [web]\n  http:\n  - route:\n    - destination:\n        host: web\n        subset: v1 # stable\n      weight: 0 # drained\n    - destination: {host: web, subset: v2}\n      weight: 100\n',
  );
  writeFileSync(
    join(dir, 'dr.yaml'),
    'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: web\nspec:\n  host: web\n  subsets:\n  - name: v1\n    labels: {version: v1}\n  - name: v2\n    labels: {version: v2}\n',
  );
  const c = (...args) => run(['canary', '.', '--virtual-service', 'web', ...args], { cwd: dir });
  let r = c('--promote');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /already in place/);
  r = c('--start', '--canary', 'v2');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /already in place/);
  r = c('--retire');
  assert.equal(r.status, 0, r.stderr);
  const vs = readFileSync(join(dir, 'vs.yaml'), 'utf8');
  assert.match(vs, /# stable\n/);
  assert.match(vs, /# drained\n/);
  assert.doesNotMatch(vs, /subset: v1/);
  r = c('--retire');
  assert.equal(r.status, 0, 'retiring again is a no-op');
  r = c('--advance');
  assert.equal(r.status, 1);
  r = c();
  assert.equal(r.status, 2);
  r = run(['canary', '.', '--virtual-service', 'nope', '--promote'], { cwd: dir });
  assert.equal(r.status, 1);
});

test('canary --start on a flow-style destination writes block YAML', () => {
  const dir = tmp('meshflow-');
  writeFileSync(
    join(dir, 'vs.yaml'),
    'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: a\nspec:\n  hosts: [a]\n  http:\n  - route:\n    - destination: {host: a, subset: v1}\n',
  );
  writeFileSync(
    join(dir, 'dr.yaml'),
    'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: a\nspec:\n  host: a\n  subsets:\n  - name: v1\n    labels: {version: v1}\n  - name: v2\n    labels: {version: v2}\n',
  );
  const r = run(['canary', '.', '--virtual-service', 'a', '--start'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(
    readFileSync(join(dir, 'vs.yaml'), 'utf8'),
    'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: a\nspec:\n  hosts: [a]\n  http:\n  - route:\n    - destination: {host: a, subset: v1}\n      weight: 95\n    - destination:\n        host: a\n        subset: v2\n      weight: 5\n',
  );
});

test('docs/cli.md documents every option of --help, and the README links it', () => {
  const help = run(['--help']).stdout + run(['canary', '--help']).stdout;
  const doc = readFileSync(join(root, 'docs/cli.md'), 'utf8');
  const options = [...new Set([...help.matchAll(/(?:^|\s)(--[a-z][a-z-]+)/g)].map((m) => m[1]))];
  assert.ok(options.length > 20, options.join(' '));
  for (const o of options) assert.ok(doc.includes(o), `docs/cli.md does not mention ${o}`);
  for (const f of ['stylish', 'json', 'github', 'sarif']) assert.ok(doc.includes(`**${f}**`), f);
  assert.match(readFileSync(join(root, 'README.md'), 'utf8'), /\(docs\/cli\.md\)/);
});
