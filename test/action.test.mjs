// The GitHub Action (action.yml): its own shell steps, run here as the runner runs them (the
// step's `run` and `env` with their ${{ }} expressions filled in, bash, the GitHub environment
// variables), on a temporary workspace, with MESHLINT_BIN pointing the action at this checkout's
// meshlint instead of the published package. What needs GitHub (the SARIF upload) is checked as
// configuration: the step, its condition and the file it is given.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { meshlintCommand, splitArgs } from '../scripts/action/run.mjs';
import { root } from './helpers.mjs';

const action = parse(readFileSync(join(root, 'action.yml'), 'utf8'));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const MISNESTED =
  'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: web\nspec:\n  hosts: [web]\n  http:\n  - route:\n    - destination:\n      host: web\n';
const SVC = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{name: http, port: 80}]\n';
const API =
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector: {app: api}\n  ports: [{name: http, port: 80}, {name: http-alt, port: 81}]\n';
// Weights that total 110: warnings, no error.
const WARN =
  'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: split\nspec:\n  hosts: [api]\n  http:\n  - route:\n    - destination: {host: api, port: {number: 80}}\n      weight: 70\n    - destination: {host: api, port: {number: 81}}\n      weight: 40\n';

/** A repository checkout: an error in vs.yaml, warnings only under warn/. */
function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'meshaction-'));
  const ws = join(dir, 'repo');
  mkdirSync(join(ws, 'warn'), { recursive: true });
  mkdirSync(join(dir, 'tmp'));
  writeFileSync(join(ws, 'vs.yaml'), MISNESTED);
  writeFileSync(join(ws, 'svc.yaml'), SVC);
  writeFileSync(join(ws, 'warn', 'svc.yaml'), API);
  writeFileSync(join(ws, 'warn', 'split.yaml'), WARN);
  return { dir, ws, temp: join(dir, 'tmp') };
}

/** An expression's value: inputs (or their defaults), the action path, earlier steps' outputs, GitHub's status functions. */
function evaluate(expr, ctx) {
  const js = expr
    .replace(/\binputs\.([\w-]+)/g, (_, n) => JSON.stringify(ctx.inputs[n] ?? action.inputs[n]?.default ?? ''))
    .replace(/\bsteps\.([\w-]+)\.outputs\.([\w-]+)/g, (_, s, n) => JSON.stringify(ctx.steps[s]?.[n] ?? ''))
    .replace(/\bgithub\.action_path\b/g, JSON.stringify(root))
    .replace(/\bcancelled\(\)/g, 'false')
    .replace(/\balways\(\)/g, 'true')
    .replace(/\bfailure\(\)/g, String(!!ctx.failed))
    .replace(/\bsuccess\(\)/g, String(!ctx.failed))
    .replace(/([=!])=/g, '$1==');
  const code = js.replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, '""');
  assert.doesNotMatch(code, /[a-z_][\w-]*\.[\w-]+|[a-z_]\w*\(/i, `an expression this test does not know: ${expr}`);
  return Function(`return (${js});`)();
}
const fill = (s, ctx) => String(s).replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, e) => String(evaluate(e, ctx)));

/** Run the action: its shell steps with bash as the runner does; `uses` steps are returned with their filled-in inputs and condition. */
function runAction(inputs, { ws, temp }) {
  const ctx = { inputs, steps: {} };
  const result = { stdout: '', stderr: '', status: 0, uses: [] };
  const outputFile = join(temp, `output-${Math.random().toString(36).slice(2)}`);
  const summaryFile = join(temp, 'summary.md');
  for (const step of action.runs.steps) {
    // A step without a condition runs only while the steps before it succeeded (success()).
    const runs = evaluate(step.if === undefined ? 'success()' : String(step.if).replace(/^\$\{\{\s*|\s*\}\}$/g, ''), ctx);
    if (step.uses) {
      result.uses.push({ uses: step.uses, runs, with: Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, fill(v, ctx)])) });
      continue;
    }
    if (!runs) continue;
    assert.equal(step.shell, 'bash');
    writeFileSync(outputFile, '');
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: ws,
      GITHUB_ACTION_PATH: root,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TEMP: temp,
      MESHLINT_BIN: 'bin/meshlint.js',
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, fill(v, ctx)])),
    };
    const r = spawnSync('bash', ['-e', '-c', fill(step.run, ctx)], { cwd: ws, env, encoding: 'utf8' });
    result.stdout += r.stdout;
    result.stderr += r.stderr;
    if (step.id)
      ctx.steps[step.id] = Object.fromEntries(
        readFileSync(outputFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
    if (r.status !== 0) {
      result.status = r.status;
      // Later steps run only under always()/!cancelled() conditions: the upload step is one.
      ctx.failed = true;
    }
  }
  result.outputs = ctx.steps.lint ?? {};
  result.summary = existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : '';
  result.actionOutputs = Object.fromEntries(Object.entries(action.outputs).map(([k, v]) => [k, fill(v.value, ctx)]));
  return result;
}

const annotations = (stdout) => stdout.split('\n').filter((l) => l.startsWith('::'));

test('action.yml: a composite action with the documented inputs and defaults', () => {
  assert.equal(action.runs.using, 'composite');
  // The Marketplace takes a name and a description under 125 characters.
  assert.ok(action.name && action.description.length < 125, action.description);
  assert.deepEqual(Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default])), {
    paths: '.',
    args: '',
    'fail-on': 'error',
    sarif: 'true',
    'sarif-file': '',
  });
  for (const [k, v] of Object.entries(action.inputs)) assert.ok(v.description?.length > 20, `input ${k} has a description`);
  // Inputs reach the script as environment variables, never spliced into the shell text.
  for (const step of action.runs.steps.filter((s) => s.run)) assert.doesNotMatch(step.run, /inputs\./, step.run);
  assert.ok(action.runs.steps.some((s) => s.uses === 'github/codeql-action/upload-sarif@v3'));
});

test('the published package at the action version, unless MESHLINT_BIN points elsewhere', () => {
  assert.deepEqual(meshlintCommand(root, {}), ['npx', '--yes', '-p', `mesh-lsp@${pkg.version}`, 'meshlint']);
  assert.deepEqual(meshlintCommand(root, { MESHLINT_BIN: 'bin/meshlint.js' }), [process.execPath, join(root, 'bin/meshlint.js')]);
  assert.deepEqual(splitArgs(` --rule "misnested-destination=off" --exclude 'a b/*.yaml'\n-n shop `), [
    '--rule',
    'misnested-destination=off',
    '--exclude',
    'a b/*.yaml',
    '-n',
    'shop',
  ]);
  assert.deepEqual(splitArgs(`a\\ b "" c"d"`), ['a b', '', 'cd']);
});

test('defaults on a workspace with an error: annotations, SARIF uploaded, a job summary, the job fails', () => {
  const w = workspace();
  const r = runAction({}, w);
  assert.equal(r.status, 1, r.stderr);
  const ann = annotations(r.stdout);
  assert.ok(
    ann.some((l) => /^::error file=vs\.yaml,line=10,col=7,endLine=10,endColumn=16,title=misnested-destination::`host` sits beside `destination:`/.test(l)),
    ann.join('\n'),
  );
  assert.ok(
    ann.every((l) => /^::(error|warning|notice) file=[^,]+,line=\d+,/.test(l)),
    ann.join('\n'),
  );
  const sarifFile = join(w.temp, 'meshlint.sarif');
  assert.equal(r.outputs['sarif-file'], sarifFile);
  assert.equal(r.outputs['exit-code'], '1');
  assert.deepEqual(r.actionOutputs, { 'exit-code': '1', 'sarif-file': sarifFile });
  const sarif = JSON.parse(readFileSync(sarifFile, 'utf8'));
  assert.equal(sarif.version, '2.1.0');
  assert.equal(sarif.runs[0].tool.driver.version, pkg.version);
  const results = sarif.runs[0].results;
  assert.ok(
    results.some((x) => x.ruleId === 'misnested-destination' && x.level === 'error' && x.locations[0].physicalLocation.artifactLocation.uri === 'vs.yaml'),
    JSON.stringify(results),
  );
  // The same findings in both: one annotation per SARIF result.
  assert.equal(results.length, ann.length);
  assert.deepEqual(r.uses, [{ uses: 'github/codeql-action/upload-sarif@v3', runs: true, with: { sarif_file: sarifFile, category: 'meshlint' } }]);
  assert.match(r.summary, new RegExp(`^### meshlint ${pkg.version.replace(/\./g, '\\.')}\\n`));
  assert.match(r.summary, /1 error, 1 warning, 0 notes \(fail-on: error\) — failed\.\n\n\| level \| where \| rule \| message \|\n/);
  assert.match(r.summary, /\| error \| `vs\.yaml:10:7` \| misnested-destination \| `host` sits beside/);
});

test('fail-on decides the exit code: never passes with the same report; warning fails on warnings only', () => {
  const w = workspace();
  let r = runAction({ 'fail-on': 'never' }, w);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(annotations(r.stdout).some((l) => l.startsWith('::error file=vs.yaml')));
  assert.ok(r.uses[0].runs);
  assert.match(r.summary, /— passed\./);
  for (const [failOn, expected] of [
    ['error', 0],
    ['warning', 1],
    ['info', 1],
    ['never', 0],
  ]) {
    r = runAction({ paths: 'warn', 'fail-on': failOn }, w);
    assert.equal(r.status, expected, `paths warn, fail-on ${failOn}: ${r.stdout}${r.stderr}`);
    assert.ok(
      annotations(r.stdout).some((l) => l.startsWith('::warning file=warn/split.yaml')),
      r.stdout,
    );
    assert.equal(r.outputs['exit-code'], String(expected));
  }
  // Several paths, on separate lines; one file named alone.
  r = runAction({ paths: 'warn\nsvc.yaml', 'fail-on': 'warning' }, w);
  assert.equal(r.status, 1);
  assert.ok(!annotations(r.stdout).some((l) => l.includes('file=vs.yaml')));
});

test('sarif false writes and uploads nothing; sarif-file names the report in the repository', () => {
  const w = workspace();
  let r = runAction({ sarif: 'false' }, w);
  assert.equal(r.status, 1);
  assert.equal(r.outputs['sarif-file'], undefined);
  assert.equal(existsSync(join(w.temp, 'meshlint.sarif')), false);
  assert.equal(r.uses[0].runs, false);
  r = runAction({ 'sarif-file': 'reports/meshlint.sarif' }, w);
  assert.equal(r.outputs['sarif-file'], join(w.ws, 'reports/meshlint.sarif'));
  assert.equal(JSON.parse(readFileSync(join(w.ws, 'reports/meshlint.sarif'), 'utf8')).version, '2.1.0');
  assert.equal(r.uses[0].with.sarif_file, join(w.ws, 'reports/meshlint.sarif'));
});

test("args reach meshlint (quoted words too); the format, output and fixes stay the action's; bad inputs fail with exit 2", () => {
  const w = workspace();
  let r = runAction({ args: '--rule "misnested-destination=off"' }, w);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.ok(!annotations(r.stdout).some((l) => l.includes('misnested-destination')));
  for (const inputs of [{ args: '--format json' }, { args: '-o x.json' }, { args: '--fix' }, { 'fail-on': 'warn' }, { sarif: 'yes' }]) {
    r = runAction(inputs, w);
    assert.equal(r.status, 2, JSON.stringify(inputs));
    assert.match(r.stderr, /^::error title=meshlint action::/m, JSON.stringify(inputs));
  }
  // A path that does not exist is meshlint's usage error: exit 2, nothing uploaded.
  r = runAction({ paths: 'nowhere' }, w);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no such file or directory: nowhere/);
  assert.equal(r.uses[0].runs, false);
});

test('a file that cannot be decoded is an annotation and a SARIF result; the other findings are kept', () => {
  const w = workspace();
  writeFileSync(join(w.ws, 'latin1.yaml'), Buffer.from('apiVersion: v1\nkind: Service\nmetadata:\n  name: caf\xe9\n', 'latin1'));
  const r = runAction({}, w);
  assert.equal(r.status, 1);
  const ann = annotations(r.stdout);
  assert.ok(
    ann.some((l) => l.startsWith('::error file=latin1.yaml,line=1,col=1,') && l.includes('title=file-unreadable::')),
    ann.join('\n'),
  );
  assert.ok(ann.some((l) => l.startsWith('::error file=vs.yaml')));
  const results = JSON.parse(readFileSync(r.outputs['sarif-file'], 'utf8')).runs[0].results;
  assert.ok(results.some((x) => x.ruleId === 'file-unreadable'));
});
