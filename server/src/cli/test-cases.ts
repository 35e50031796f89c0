/**
 * `meshlint test -t <cases> ... <config paths> ...`: routing test cases in CI, with
 * istio-config-validator's flags and test-case format.
 */

import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { type CaseOutcome, parseTestCases, runTestCase, type TestFileError } from '../service/routetests';
import { collectFiles, readInput, UsageError } from './files';
import type { CliIO } from './io';
import { describeRoute, loadWorkspace } from './route';

export const TEST_HELP = `Usage: meshlint test -t <testcases.yml|dir> [-t <testcases2.yml|dir> ...] <config.yml|dir> [<config2.yml|dir> ...]
                     [--format text|json] [--verbose]

Runs routing test cases (the istio-config-validator format: testCases with description,
wantMatch, request {authority, method, uri, headers}, and route, redirect, rewrite, fault,
headers or delegate to assert) against the VirtualServices and HTTPRoutes of the given
configuration. Folders are searched for *.yaml and *.yml.

  -t <file|dir>       test-case files or folders (repeatable)
  --format text|json  output format (default text)
  --verbose           list every request, not only the failing ones

Exit codes: 0 all test cases pass, 1 a test case fails or a test file is invalid, 2 usage or I/O error.
`;

/** Go's flag package accepts -t x, -t=x, --t x and --t=x: map them to -t x. */
function goFlags(argv: string[]): string[] {
  const out: string[] = [];
  for (const a of argv) {
    const m = /^--?t=(.*)$/.exec(a);
    if (m) out.push('-t', m[1]);
    else if (a === '--t') out.push('-t');
    else out.push(a);
  }
  return out;
}

export async function testCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: goFlags(argv),
    allowPositionals: true,
    options: {
      testcases: { type: 'string', short: 't', multiple: true },
      format: { type: 'string', short: 'f', default: 'text' },
      verbose: { type: 'boolean' },
      config: { type: 'string', short: 'c' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(TEST_HELP);
    return 0;
  }
  if (!values.testcases?.length) throw new UsageError('test: missing test cases: give at least one -t <file|dir> (see meshlint test --help)');
  if (!positionals.length) throw new UsageError('test: missing configuration: give at least one config file or folder');
  if (!['text', 'json'].includes(values.format!)) throw new UsageError(`test: unknown format "${values.format}" (text, json)`);
  const testFiles = collectFiles(values.testcases, [], io.cwd).filter((f) => f !== '-');
  const { ws, display } = loadWorkspace(positionals, io, values.config);
  const testDisplay = new Map<string, string>();
  const errors: TestFileError[] = [];
  const outcomes: CaseOutcome[] = [];
  const texts = new Map<string, string>();
  let withCases = 0;
  for (const f of testFiles) {
    const uri = pathToFileURL(f).href;
    testDisplay.set(uri, relative(io.cwd, f) || f);
    const text = readInput(f);
    texts.set(uri, text);
    const parsed = parseTestCases(uri, text);
    if (parsed.hasTestCases) withCases++;
    errors.push(...parsed.errors);
    for (const tc of parsed.cases) outcomes.push(runTestCase(ws, tc));
  }
  if (!withCases && !errors.length) throw new UsageError(`test: no test cases (no testCases list) in ${values.testcases.join(', ')}`);
  const lineOf = (uri: string, offset: number) => {
    const text = texts.get(uri) ?? '';
    let line = 1;
    for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
    return `${testDisplay.get(uri) ?? uri}:${line}`;
  };
  const failed = outcomes.filter((o) => !o.pass);
  if (values.format === 'json') {
    io.stdout(
      `${JSON.stringify(
        {
          passed: outcomes.length - failed.length,
          failed: failed.length,
          errors: errors.map((e) => ({ location: lineOf(e.uri, e.start), message: e.message })),
          testCases: outcomes.map((o) => ({
            description: o.testCase.description,
            location: lineOf(o.testCase.uri, o.testCase.start),
            wantMatch: o.testCase.wantMatch,
            pass: o.pass,
            requests: o.requests.map((r) => ({
              authority: r.authority,
              method: r.method,
              uri: r.uri,
              pass: r.pass,
              failures: r.failures,
              matched: r.result.route ? describeRoute(ws, display, r.result.route) : null,
            })),
          })),
        },
        null,
        2,
      )}\n`,
    );
  } else {
    const lines: string[] = [];
    for (const e of errors) lines.push(`ERROR ${lineOf(e.uri, e.start)}: ${e.message}`);
    for (const o of outcomes) {
      const n = o.requests.length;
      lines.push(`${o.pass ? 'PASS' : 'FAIL'}  ${o.testCase.description}  (${n} request${n === 1 ? '' : 's'}, ${lineOf(o.testCase.uri, o.testCase.start)})`);
      for (const r of o.requests) {
        if (r.pass && !values.verbose) continue;
        lines.push(`      ${r.pass ? 'ok  ' : 'fail'}  ${r.method} ${r.authority}${r.uri}`);
        for (const f of r.failures) lines.push(`            ${f}`);
        if (!r.pass || values.verbose) {
          const res = r.result;
          if (res.route)
            lines.push(
              `            matched ${describeRoute(ws, display, res.route)}${res.via ? ` (delegated from ${describeRoute(ws, display, res.via)})` : ''}`,
            );
          else lines.push(`            no route matched: ${res.reason ?? 'no route takes the request'}`);
        }
      }
    }
    lines.push(
      '',
      `${outcomes.length} test case${outcomes.length === 1 ? '' : 's'}: ${outcomes.length - failed.length} passed, ${failed.length} failed${errors.length ? `; ${errors.length} invalid` : ''}`,
    );
    io.stdout(`${lines.join('\n')}\n`);
  }
  return failed.length || errors.length ? 1 : 0;
}
