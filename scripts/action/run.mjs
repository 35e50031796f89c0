#!/usr/bin/env node
// The GitHub Action's lint step (action.yml): runs the published package's meshlint, pinned to
// the action's own version, in the workspace; prints `--format github` annotations, writes SARIF
// for the upload step, a job summary, and the step's outputs. Exits as meshlint does with the
// action's fail-on input: 1 when a finding is at that severity or above, 2 for usage errors.
//
// Inputs come as environment variables (action.yml sets them from its inputs): INPUT_PATHS,
// INPUT_ARGS, INPUT_FAIL_ON, INPUT_SARIF, INPUT_SARIF_FILE; GitHub sets GITHUB_WORKSPACE,
// GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP. MESHLINT_BIN runs a meshlint script of a
// checkout instead of the published package (for testing the action before a release).

import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const FAIL_ON = ['error', 'warning', 'info', 'hint', 'never'];

/** Split an argument string as a shell would for words: whitespace separates, quotes and backslashes group. No expansion of any kind. */
export function splitArgs(s) {
  const out = [];
  let cur = '';
  let has = false;
  let quote = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"' && (s[i + 1] === '"' || s[i + 1] === '\\')) cur += s[++i];
      else cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      has = true;
    } else if (c === '\\' && i + 1 < s.length) {
      cur += s[++i];
      has = true;
    } else if (/\s/.test(c)) {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (quote) throw new Error(`unbalanced ${quote} in args: ${s}`);
  if (has) out.push(cur);
  return out;
}

/** The command that runs meshlint: the published package at the action's version, or MESHLINT_BIN. */
export function meshlintCommand(actionPath, env = process.env) {
  if (env.MESHLINT_BIN) return [process.execPath, resolve(actionPath, env.MESHLINT_BIN)];
  const { name, version } = JSON.parse(readFileSync(join(actionPath, 'package.json'), 'utf8'));
  return ['npx', '--yes', '-p', `${name}@${version}`, 'meshlint'];
}

/** The action's inputs, checked; throws with a message for the log. */
export function readInputs(env = process.env) {
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const paths = splitArgs(env.INPUT_PATHS?.trim() || '.');
  const args = splitArgs(env.INPUT_ARGS ?? '');
  const failOn = (env.INPUT_FAIL_ON || 'error').trim().toLowerCase();
  if (!FAIL_ON.includes(failOn)) throw new Error(`fail-on must be one of ${FAIL_ON.join(', ')}, got "${env.INPUT_FAIL_ON}"`);
  const sarifInput = (env.INPUT_SARIF ?? 'true').trim().toLowerCase();
  if (!['true', 'false'].includes(sarifInput)) throw new Error(`sarif must be true or false, got "${env.INPUT_SARIF}"`);
  const sarif = sarifInput === 'true';
  const named = env.INPUT_SARIF_FILE?.trim();
  const sarifFile = named ? resolve(workspace, named) : join(env.RUNNER_TEMP || tmpdir(), 'meshlint.sarif');
  for (const a of args)
    if (/^(-f|--format|-o|--output-file|--fix|--fix-suggestions|--fix-dry-run)(=|$)|^-[fo]./.test(a))
      throw new Error(`args must not set ${a}: the action chooses the format and output (annotations and SARIF) and never edits files`);
  return { workspace, paths, args, failOn, sarif, sarifFile };
}

/** Count GitHub annotation lines by level. */
function countAnnotations(text) {
  const n = { error: 0, warning: 0, notice: 0 };
  for (const m of text.matchAll(/^::(error|warning|notice) /gm)) n[m[1]]++;
  return n;
}

const mdCell = (s) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The job summary: counts, the exit code's meaning, and the first findings. */
function summary({ annotations, status, failOn, sarif, sarifFile, workspace, version }) {
  const n = countAnnotations(annotations);
  const lines = [`### meshlint ${version}`, ''];
  if (status === 2) lines.push('meshlint could not run on these inputs (exit 2): see the step log.', '');
  else
    lines.push(
      `${n.error} error${n.error === 1 ? '' : 's'}, ${n.warning} warning${n.warning === 1 ? '' : 's'}, ${n.notice} note${n.notice === 1 ? '' : 's'} (fail-on: ${failOn}) — ${status === 0 ? 'passed' : 'failed'}.`,
      '',
    );
  const rows = [];
  for (const m of annotations.matchAll(/^::(error|warning|notice) file=([^,]*),line=(\d+),col=(\d+),[^:]*?title=([^:]*)::(.*)$/gm)) {
    const unesc = (s) => s.replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%0A/g, ' ').replace(/%0D/g, '').replace(/%25/g, '%');
    rows.push(`| ${m[1]} | \`${mdCell(unesc(m[2]))}:${m[3]}:${m[4]}\` | ${mdCell(unesc(m[5]))} | ${mdCell(unesc(m[6]))} |`);
  }
  if (rows.length) {
    lines.push('| level | where | rule | message |', '|---|---|---|---|', ...rows.slice(0, 50));
    if (rows.length > 50) lines.push('', `… and ${rows.length - 50} more (see the annotations${sarif ? ' and code scanning' : ''}).`);
    lines.push('');
  }
  if (sarif && existsSync(sarifFile)) lines.push(`SARIF: \`${relative(workspace, sarifFile) || sarifFile}\``, '');
  return `${lines.join('\n')}\n`;
}

function setOutput(name, value, env) {
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `${name}=${value}\n`);
}

/** The lint step; returns the exit code. */
export function run(actionPath, env = process.env, out = process.stdout, err = process.stderr) {
  let inputs;
  try {
    inputs = readInputs(env);
  } catch (e) {
    err.write(`::error title=meshlint action::${e.message}\n`);
    return 2;
  }
  const { workspace, paths, args, failOn, sarif, sarifFile } = inputs;
  const [cmd, ...pre] = meshlintCommand(actionPath, env);
  const version = JSON.parse(readFileSync(join(actionPath, 'package.json'), 'utf8')).version;
  const meshlint = (extra) =>
    spawnSync(cmd, [...pre, ...args, ...extra, '--', ...paths], {
      cwd: workspace,
      encoding: 'utf8',
      env: { ...env, NO_COLOR: '1' },
      maxBuffer: 1 << 30,
      shell: process.platform === 'win32' && cmd === 'npx',
    });
  // The annotations: the runner reads workflow commands from the step's standard output.
  const lint = meshlint(['--format', 'github', '--fail-on', failOn]);
  if (lint.error) {
    err.write(`::error title=meshlint action::cannot run ${cmd}: ${lint.error.message}\n`);
    return 2;
  }
  out.write(lint.stdout);
  err.write(lint.stderr);
  let status = lint.status ?? 2;
  if (sarif && status !== 2) {
    mkdirSync(dirname(sarifFile), { recursive: true });
    const s = meshlint(['--format', 'sarif', '--output-file', sarifFile, '--fail-on', 'never']);
    if (s.status !== 0 || !existsSync(sarifFile)) {
      err.write(s.stderr);
      err.write(`::error title=meshlint action::the SARIF report could not be written to ${sarifFile} (exit ${s.status})\n`);
      status = 2;
    } else setOutput('sarif-file', sarifFile, env);
  }
  setOutput('exit-code', status, env);
  if (env.GITHUB_STEP_SUMMARY)
    appendFileSync(env.GITHUB_STEP_SUMMARY, summary({ annotations: lint.stdout, status, failOn, sarif, sarifFile, workspace, version }));
  return status;
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  const actionPath = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  process.exitCode = run(process.env.GITHUB_ACTION_PATH && isAbsolute(process.env.GITHUB_ACTION_PATH) ? process.env.GITHUB_ACTION_PATH : actionPath);
}
