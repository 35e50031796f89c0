/** `meshlint`: lint Istio traffic configuration in CI with the same engine as the editor. */

import { readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { discoverChartsOnDisk } from '../node/helm';
import { installPrecompiledValidators } from '../node/validators';
import { VERSION } from '../protocol';
import {
  createWorkspace,
  type Diagnostic,
  fixesFor,
  isKustomizationUri,
  type MeshSettings,
  RULES,
  resolveSettings,
  type Severity,
  type SeveritySetting,
} from '../service/index';
import { applyAccuracyOptions, hideBelow, parseMinSeverity } from './accuracy';
import { buildsCommand } from './builds';
import { canaryCommand } from './canary';
import { loadConfig, normalizeSeverity } from './config';
import { collectFiles, type ExcludeSet, readLintInput } from './files';
import { applyFixes, chooseFix, unifiedDiff, writeChanged } from './fix';
import { counts, type FileReport, github, printable, stylish, toJson } from './format';
import { checkOutputFile, inputRoots, outsideRoots, writeOutputFile } from './guard';
import { helmOptions } from './helm';
import { type CliIO, UsageError } from './io';
import { defaultJobs, JOBS_MIN_BYTES, lintInWorkers, totalBytes } from './jobs';
import { routeCommand } from './route';
import { type SarifFix, sarif } from './sarif';
import { testCommand } from './test-cases';

const HELP = `Usage: meshlint [options] <files|dirs|globs|->...

Lint Istio and Kubernetes YAML: all inputs form one workspace, so references
(hosts, subsets, gateways, workload labels) resolve across files.

       meshlint canary --help   (apply a canary step: see its help)
       meshlint route --help    (where does a request go?)
       meshlint test --help     (run routing test cases)
       meshlint builds --help   (the Kustomize builds found, and what one applies)

Options:
      --fix                      apply safe fixes in place (- : fixed stdin to stdout);
                                 only files whose real path lies inside the given paths
      --fix-suggestions          with --fix or --fix-dry-run: apply suggestions too
      --fix-dry-run              print the fixes as a unified diff, change nothing
  -f, --format <name>            stylish (default), json, github or sarif
  -o, --output-file <file>       write the report to a file instead of stdout (never one
                                 of the linted files, nor a symbolic link to a file)
  -q, --quiet                    report errors only
      --max-warnings <n>         exit 1 when there are more than n warnings
      --fail-on <level>          lowest severity that fails the run (exit 1): error
                                 (default), warning, info, hint, or never
      --rule <id>=<severity>     override a rule's severity (repeatable;
                                 error, warning, info, hint, off, warn, 0, 1, 2)
  -c, --config <file>            settings file (default: the nearest .meshlintrc.json
                                 or .meshlintrc.yaml)
      --exclude <glob>           skip matching files, relative to the working
                                 directory (repeatable)
      --context <path>           also read the YAML under path (repeatable) so that
                                 references from the inputs resolve; only the inputs
                                 are reported and fixed (pre-commit passes only the
                                 changed files: --context . reads the rest)
      --no-ignore                lint files that .gitignore ignores
      --stdin-filename <path>    the path that standard input (-) stands for
      --max-file-size <bytes>    larger files get one finding instead of analysis
      --helm <path>              the helm executable that renders Helm charts (default:
                                 the helmCommand setting, else helm on PATH)
      --no-helm                  do not render Helm charts (their templates are skipped)
  -n, --namespace <ns>           namespace that namespace-less manifests are applied to
      --istio-version <x.y>      Istio release of the cluster (default: newest supported)
      --min-severity <level>     lowest severity shown: error, warning, info (default),
                                 hint; findings below it are counted in the summary only
      --list-rules               print the rules and exit
      --no-color                 plain output
  -j, --jobs <n>                 analyse in n threads (default: the number of cores,
                                 up to 4, for inputs of 6 MiB or more); the output is
                                 the same as with --jobs 1
  -h, --help                     show this help
  -v, --version                  print the version

Exit codes: 0 no errors (and no more warnings than --max-warnings), 1 errors (or
findings at the --fail-on level) or too many warnings, 2 usage error, bad config, or
no input to analyse. A file that cannot be read or decoded is an error finding
(file-unreadable); the other files are still reported.
Documentation: docs/cli.md
`;

const defaultIO = (): CliIO => {
  // A closed pipe (`meshlint . | head`) ends the output quietly instead of crashing with EPIPE.
  let closed = false;
  const guard = (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') closed = true;
    else throw e;
  };
  process.stdout.on('error', guard);
  process.stderr.on('error', guard);
  return {
    stdout: (s) => void (closed || process.stdout.write(s)),
    stderr: (s) => void (closed || process.stderr.write(s)),
    cwd: process.cwd(),
    color: !!process.stdout.isTTY && !process.env.NO_COLOR,
  };
};

/** package.json's version, set at build time. */
export function version(): string {
  return VERSION;
}

/** `--fail-on` levels, most severe first: a finding at the level or above fails the run. */
const FAIL_ON = ['error', 'warning', 'info', 'hint', 'never'] as const;

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

/** One line for an argument error, without Node's long explanation. */
function argError(e: Error & { code?: string }): string {
  const msg = e.message;
  const unknown = /Unknown option '([^']+)'/.exec(msg);
  if (unknown) return `unknown option ${unknown[1]}`;
  const missing = /Option '([^']+)' argument missing/.exec(msg);
  if (missing) return `option ${missing[1].replace(/ <value>$/, '')} needs a value`;
  const bool = /Option '([^']+)' does not take an argument/.exec(msg);
  if (bool) return `option ${bool[1]} takes no value`;
  return msg.split('. ')[0];
}

export { jobsWorker } from './jobs';

export async function main(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  installPrecompiledValidators();
  try {
    return await run(argv, io);
  } catch (e) {
    if ((e as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS')) {
      io.stderr(`meshlint: ${argError(e as Error)} (see meshlint${argv[0] === 'canary' || argv[0] === 'builds' ? ` ${argv[0]}` : ''} --help)\n`);
      return 2;
    }
    if (e instanceof UsageError) {
      io.stderr(`meshlint: ${(e as Error).message}\n`);
      return 2;
    }
    io.stderr(`meshlint: internal error: ${(e as Error)?.stack ?? e}\n`);
    return 2;
  }
}

function parseRuleOverride(s: string): [string, SeveritySetting] {
  const m = /^([\w-]+)=(.+)$/.exec(s);
  const sev = m ? normalizeSeverity(/^\d$/.test(m[2]) ? Number(m[2]) : m[2]) : undefined;
  if (!m || !sev) throw new UsageError(`--rule expects <id>=<error|warning|info|hint|off|warn|0|1|2>, got "${s}"`);
  if (!RULES.some((r) => r.id === m[1])) throw new UsageError(`unknown rule "${m[1]}" (see --list-rules)`);
  return [m[1], sev];
}

async function run(argv: string[], io: CliIO): Promise<number> {
  if (argv[0] === 'canary') return canaryCommand(argv.slice(1), io);
  if (argv[0] === 'route') return routeCommand(argv.slice(1), io);
  if (argv[0] === 'test') return testCommand(argv.slice(1), io);
  if (argv[0] === 'builds') return buildsCommand(argv.slice(1), io);
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'f', default: 'stylish' },
      'output-file': { type: 'string', short: 'o' },
      quiet: { type: 'boolean', short: 'q' },
      'max-warnings': { type: 'string' },
      'fail-on': { type: 'string' },
      rule: { type: 'string', multiple: true },
      config: { type: 'string', short: 'c' },
      exclude: { type: 'string', multiple: true },
      context: { type: 'string', multiple: true },
      'no-ignore': { type: 'boolean' },
      'stdin-filename': { type: 'string' },
      'max-file-size': { type: 'string' },
      helm: { type: 'string' },
      'no-helm': { type: 'boolean' },
      namespace: { type: 'string', short: 'n' },
      'istio-version': { type: 'string' },
      'min-severity': { type: 'string' },
      'list-rules': { type: 'boolean' },
      'no-color': { type: 'boolean' },
      jobs: { type: 'string', short: 'j' },
      fix: { type: 'boolean' },
      'fix-suggestions': { type: 'boolean' },
      'fix-dry-run': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (values.version) {
    io.stdout(`${version()}\n`);
    return 0;
  }
  if (values['list-rules']) {
    const w = Math.max(...RULES.map((r) => r.id.length));
    for (const r of RULES) io.stdout(`${r.id.padEnd(w)}  ${r.severity.padEnd(7)}  ${r.title}\n`);
    return 0;
  }
  const format = values.format!;
  if (!['stylish', 'json', 'github', 'sarif'].includes(format)) throw new UsageError(`unknown format "${format}" (stylish, json, github, sarif)`);
  let maxWarnings = -1;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!/^\d+$/.test(values['max-warnings']) || !Number.isInteger(maxWarnings) || maxWarnings < 0)
      throw new UsageError('--max-warnings expects a non-negative integer');
  }
  const failOn = (values['fail-on'] ?? 'error') as (typeof FAIL_ON)[number];
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on expects ${FAIL_ON.slice(0, -1).join(', ')} or never, got "${failOn}"`);
  if (values['fix-suggestions'] && !values.fix && !values['fix-dry-run']) values.fix = true;
  if (values.fix && values['fix-dry-run']) throw new UsageError('give --fix or --fix-dry-run, not both');
  const inputs = [...positionals];
  if (!inputs.length && values['stdin-filename']) inputs.push('-');
  if (!inputs.length) throw new UsageError('no input: give files, directories, globs or - (see --help)');
  if (inputs.filter((i) => i === '-').length > 1) throw new UsageError('standard input (-) can be read only once');
  if (values['stdin-filename'] && !inputs.includes('-')) throw new UsageError('--stdin-filename names standard input: add - to the inputs');

  const config = loadConfig(values.config, io.cwd);
  const settings: MeshSettings = resolveSettings(config.settings);
  for (const r of values.rule ?? []) {
    const [id, sev] = parseRuleOverride(r);
    settings.rules[id] = sev;
  }
  if (values['max-file-size'] !== undefined) {
    const n = Number(values['max-file-size']);
    if (!(n > 0)) throw new UsageError('--max-file-size expects a positive number of bytes');
    settings.maxFileSize = n;
  }
  // Config patterns are relative to the config file's folder, CLI patterns to the working directory.
  const exclude: ExcludeSet[] = [];
  if (settings.exclude.length) exclude.push({ patterns: settings.exclude, base: config.dir ?? io.cwd });
  if (values.exclude?.length) exclude.push({ patterns: values.exclude, base: io.cwd });
  settings.exclude = [];

  applyAccuracyOptions(settings, values);
  // --helm / --no-helm: a --helm that cannot be run is a usage error. The result's `renderer`
  // renders charts, when there is one; `reason` says why not.
  const helm = helmOptions(values, settings, { cwd: io.cwd, configDir: config.dir });
  const minSeverity = parseMinSeverity(values['min-severity']);
  let jobs = defaultJobs();
  if (values.jobs !== undefined) {
    jobs = Number(values.jobs);
    if (!/^\d+$/.test(values.jobs) || !(jobs >= 1)) throw new UsageError('--jobs expects a positive integer');
  }

  const stdinName = values['stdin-filename'];
  const stdinPath = stdinName ? resolve(io.cwd, stdinName) : undefined;
  let files = collectFiles(inputs, exclude, io.cwd, { gitignore: !values['no-ignore'], note: (m) => io.stderr(`meshlint: ${m}\n`) });
  // Standard input stands for --stdin-filename: it replaces that file if it is among the inputs.
  if (stdinPath) files = files.filter((f) => f !== stdinPath);
  // The report never replaces an input (nor the file standard input stands for).
  const outputFile = values['output-file'] ? checkOutputFile(values['output-file'], io.cwd, stdinPath ? [...files, stdinPath] : files) : undefined;
  // The real paths of the inputs: Kustomize generator inputs (.env, .properties, files of a
  // configMapGenerator) are read from disk, and fixes written, only inside them.
  const roots = inputRoots(inputs, io.cwd);
  const display = new Map<string, string>();
  const pathOf = new Map<string, string>();
  const stdinUri = stdinPath ? pathToFileURL(stdinPath).href : 'stdin:';
  const uriOf = (f: string) => (f === '-' ? stdinUri : pathToFileURL(f).href);
  const wsRoots = [pathToFileURL(io.cwd).href];
  for (const f of files) display.set(uriOf(f), f === '-' ? (stdinName ? relative(io.cwd, stdinPath!) || stdinName : '<stdin>') : relative(io.cwd, f) || f);
  // Context files: in the workspace for references, never reported or fixed (they are not in `display`).
  const inputSet = new Set(files.map((f) => (f === '-' ? stdinPath : f)));
  const contextFiles = values.context?.length
    ? collectFiles(values.context, exclude, io.cwd, { gitignore: !values['no-ignore'], allowEmpty: true }).filter((f) => f !== '-' && !inputSet.has(f))
    : [];
  const chartRequests = helm.renderer ? discoverChartsOnDisk(display.keys(), { namespace: settings.defaultNamespace || undefined }) : [];
  const fixing = values.fix || values['fix-dry-run'];

  // --jobs: the analysis in worker threads, when the inputs allow it (see jobs.ts); otherwise, or
  // when the workers cannot give the answer one thread gives, in this thread.
  let fromWorkers: Map<string, Diagnostic[]> | undefined;
  const why = jobsRefused({ jobs, explicit: values.jobs !== undefined, fixing: !!fixing, format, files, contextFiles, charts: chartRequests.length, io });
  if (!why) {
    const result = await lintInWorkers(
      [...files.map((f) => ({ path: f, uri: uriOf(f), report: true })), ...contextFiles.map((f) => ({ path: f, uri: uriOf(f), report: false }))],
      jobs,
      settings,
      wsRoots,
    );
    if ('diagnostics' in result) fromWorkers = result.diagnostics;
    if (process.env.MESHLINT_TRACE_JOBS)
      io.stderr(`meshlint: ${'diagnostics' in result ? `analysed in ${result.threads} threads` : `analysed in one thread: ${result.fallback}`}\n`);
  } else if (process.env.MESHLINT_TRACE_JOBS) io.stderr(`meshlint: analysed in one thread: ${why}\n`);

  const ws = createWorkspace(settings, { text: (uri) => readInputText(uri, roots, settings.maxFileSize), reuse: !!fixing });
  ws.roots = wsRoots;
  if (!fromWorkers) {
    for (const f of files) {
      const input = f === '-' && io.stdin ? { text: io.stdin() } : readLintInput(f, io.readFile);
      const uri = uriOf(f);
      // A file that cannot be read or decoded is one finding (file-unreadable); the others are still analysed.
      if ('unreadable' in input) {
        // --fix - prints the fixed document: there is none to print.
        if (f === '-' && values.fix) throw new UsageError(`standard input: ${input.unreadable}`);
        ws.setUnreadable(uri, input.unreadable);
      } else {
        if (f !== '-') pathOf.set(uri, f);
        ws.setFile(uri, input.text);
      }
    }
    for (const f of contextFiles) {
      const input = readLintInput(f, io.readFile);
      if ('text' in input) ws.setFile(uriOf(f), input.text);
    }
    // Helm charts among the inputs are rendered (with their values files) and analysed as builds.
    if (chartRequests.length) ws.setRenderedBuilds(await Promise.all(chartRequests.map((r) => helm.renderer!.render(r))));
  }
  const diagnosticsOf = (uri: string): Diagnostic[] => (fromWorkers ? (fromWorkers.get(uri) ?? []) : ws.diagnostics(uri));
  const hasStdin = files.includes('-');
  let report = (s: string) => (values['output-file'] ? undefined : io.stdout(s));
  if (fixing) {
    // Fixes go only to files whose real path lies inside the inputs: not through a symbolic link out of them.
    const outside = new Map<string, string>();
    for (const [uri, path] of pathOf) {
      const why = outsideRoots(path, roots, (p) => relative(io.cwd, p) || p);
      if (why) outside.set(uri, why);
    }
    const { changed, applied, byRule, remaining } = applyFixes(
      ws,
      [...display.keys()].filter((u) => !outside.has(u)),
      { suggestions: values['fix-suggestions'] },
    );
    for (const [uri, why] of outside) {
      const all = ws.findings(uri);
      const n = all.filter((f) => f.id && chooseFix(fixesFor(ws, uri, f.id), !!values['fix-suggestions'])).length;
      if (n) io.stderr(`meshlint: ${printable(`not fixed: ${display.get(uri)} (${plural(n, 'fix', 'fixes')}): ${why}`)}\n`);
    }
    const detail = byRule.size ? ` (${[...byRule].map(([r, n]) => `${r} ${n}`).join(', ')})` : '';
    // Say so rather than drop fixes silently (overlapping edits, or the pass limit).
    if (remaining)
      io.stderr(
        `meshlint: ${plural(remaining, 'fix', 'fixes')} could not be applied in this run (overlapping edits or a rejected edit); they are listed below\n`,
      );
    if (values['fix-dry-run']) {
      for (const [uri, [before, after]] of changed) io.stdout(unifiedDiff(display.get(uri)!, before, after).replace(/\n?$/, '\n'));
      io.stderr(`meshlint: ${plural(applied, 'fix', 'fixes')} in ${plural(changed.size, 'file')}${detail} (dry run, nothing written)\n`);
      report = (s) => (values['output-file'] ? undefined : io.stderr(s));
    } else {
      writeChanged(changed, (u) => pathOf.get(u));
      if (hasStdin) {
        // The fixed document goes to stdout; the findings go to stderr.
        io.stdout(ws.getFile(stdinUri)!.text);
        report = (s) => (values['output-file'] ? undefined : io.stderr(s));
      }
      io.stderr(`meshlint: applied ${plural(applied, 'fix', 'fixes')} in ${plural(changed.size, 'file')}${detail}\n`);
    }
  }
  const reports: FileReport[] = [];
  for (const [uri, file] of display) {
    let diagnostics = diagnosticsOf(uri);
    if (values.quiet) diagnostics = diagnostics.filter((d) => d.severity === 'error');
    reports.push({ file, diagnostics });
  }
  // Exit codes count every finding, shown or not.
  const hidden = hideBelow(reports, minSeverity);
  const uriOfDisplay = new Map([...display].map(([u, d]) => [d, u]));
  let out: string;
  if (format === 'json') out = `${JSON.stringify(toJson(reports), null, 2)}\n`;
  else if (format === 'github') out = github(reports);
  else if (format === 'sarif') {
    const fixesOf = (file: string, d: Diagnostic): SarifFix[] => {
      const uri = uriOfDisplay.get(file);
      if (!uri) return [];
      return fixesFor(ws, uri, d.id).map((fix) => ({
        title: fix.title,
        kind: fix.kind,
        changes: new Map(
          [...fix.edits].map(([u, edits]) => [
            display.get(u) ?? u,
            edits.map((e) => ({ range: ws.getFile(u)!.lines.range(e.start, e.end), newText: e.newText })),
          ]),
        ),
      }));
    };
    out = `${JSON.stringify(sarif(reports, RULES, version(), fixesOf), null, 2)}\n`;
  } else {
    out = stylish(reports, io.color && !values['no-color'] && !values['output-file']);
    if (hidden) out += `${hidden} finding${hidden === 1 ? '' : 's'} below ${minSeverity} not shown (--min-severity hint shows them)\n`;
  }
  if (outputFile) {
    try {
      writeOutputFile(outputFile, out);
    } catch (e) {
      throw new UsageError(`cannot write ${values['output-file']}: ${(e as Error).message}`);
    }
  } else report(out);

  const all = [...display.keys()].flatMap((u) => diagnosticsOf(u));
  const n = counts([{ file: '', diagnostics: all }]);
  // --fail-on: a finding at that severity or a more severe one fails the run.
  const failing = failOn === 'never' ? [] : (FAIL_ON.slice(0, FAIL_ON.indexOf(failOn) + 1) as Severity[]);
  if (failing.some((s) => n[s] > 0)) return 1;
  if (maxWarnings >= 0 && n.warning > maxWarnings) {
    io.stderr(`meshlint: ${plural(n.warning, 'warning')}, more than --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return 0;
}

/** Why the analysis cannot go to worker threads, if it cannot (see jobs.ts). */
function jobsRefused(o: {
  jobs: number;
  explicit: boolean;
  fixing: boolean;
  format: string;
  files: string[];
  contextFiles: string[];
  charts: number;
  io: CliIO;
}): string | undefined {
  if (o.jobs < 2) return '--jobs 1';
  if (o.fixing) return 'fixes are applied in one workspace';
  if (o.format === 'sarif') return 'SARIF output carries fixes';
  if (o.files.includes('-') || o.io.readFile) return 'an input is read by the caller';
  if (o.charts) return 'Helm charts are rendered as builds';
  if ([...o.files, ...o.contextFiles].some((f) => isKustomizationUri(pathToFileURL(f).href))) return 'Kustomize builds are modelled across files';
  if (!o.explicit && totalBytes([...o.files, ...o.contextFiles]) < JOBS_MIN_BYTES) return `the input is under ${JOBS_MIN_BYTES} bytes`;
  return undefined;
}

/** A file's text for a Kustomize generator, when it lies inside the input roots and within the size limit. */
function readInputText(uri: string, roots: string[], maxSize: number): string | undefined {
  try {
    const path = fileURLToPath(uri);
    if (outsideRoots(path, roots, (p) => p)) return undefined;
    if (statSync(path).size > maxSize) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
