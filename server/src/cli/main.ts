/** `meshlint`: lint Istio traffic configuration in CI with the same engine as the editor. */
import { parseArgs } from 'node:util';
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createWorkspace, RULES, resolveSettings, type MeshSettings, type SeveritySetting } from '../service/index';
import { collectFiles, readInput, UsageError } from './files';
import { counts, github, stylish, toJson, type FileReport } from './format';
import { loadConfig } from './config';
import { canaryCommand } from './canary';
import { applyPreferredFixes, unifiedDiff, writeChanged } from './fix';
import { fileURLToPath } from 'node:url';
import { installPrecompiledValidators } from '../node/validators';

declare const __VERSION__: string | undefined;

const HELP = `Usage: meshlint [options] <files|dirs|globs|->...

Lint Istio and Kubernetes YAML: all inputs form one workspace, so references
(hosts, subsets, gateways, workload labels) resolve across files.

       meshlint canary --help   (apply a canary step: see its help)

Options:
      --fix                           apply the preferred quick fix of every finding, in place
      --fix-dry-run                   print the fixes as a unified diff, change nothing
  -f, --format <stylish|json|github>  output format (default: stylish)
      --max-warnings <n>              exit 1 when there are more than n warnings
      --rule <id>=<severity|off>      override a rule's severity (repeatable)
  -c, --config <file>                 settings file (default: .meshlintrc.json when present)
      --exclude <glob>                skip matching files (repeatable)
      --max-file-size <bytes>         larger files get one finding instead of analysis
      --list-rules                    print the rules and exit
      --no-color                      plain output
  -h, --help                          show this help
  -v, --version                       print the version

Exit codes: 0 no errors, 1 errors (or too many warnings), 2 usage or I/O error.
`;

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  color: boolean;
}

const defaultIO = (): CliIO => ({
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
  color: !!process.stdout.isTTY && !process.env.NO_COLOR,
});

export async function main(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  installPrecompiledValidators();
  try {
    return await run(argv, io);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS')) {
      io.stderr(`meshlint: ${(e as Error).message}\n`);
      return 2;
    }
    io.stderr(`meshlint: internal error: ${(e as Error)?.stack ?? e}\n`);
    return 2;
  }
}

function parseRuleOverride(s: string): [string, SeveritySetting] {
  const m = /^([\w-]+)=(error|warning|info|hint|off)$/.exec(s);
  if (!m) throw new UsageError(`--rule expects <id>=<error|warning|info|hint|off>, got "${s}"`);
  if (!RULES.some((r) => r.id === m[1])) throw new UsageError(`unknown rule "${m[1]}" (see --list-rules)`);
  return [m[1], m[2] as SeveritySetting];
}

async function run(argv: string[], io: CliIO): Promise<number> {
  if (argv[0] === 'canary') return canaryCommand(argv.slice(1), io);
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'f', default: 'stylish' },
      'max-warnings': { type: 'string' },
      rule: { type: 'string', multiple: true },
      config: { type: 'string', short: 'c' },
      exclude: { type: 'string', multiple: true },
      'max-file-size': { type: 'string' },
      'list-rules': { type: 'boolean' },
      'no-color': { type: 'boolean' },
      fix: { type: 'boolean' },
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
    io.stdout(`${typeof __VERSION__ === 'string' ? __VERSION__ : 'dev'}\n`);
    return 0;
  }
  if (values['list-rules']) {
    const w = Math.max(...RULES.map((r) => r.id.length));
    for (const r of RULES) io.stdout(`${r.id.padEnd(w)}  ${r.severity.padEnd(7)}  ${r.title}\n`);
    return 0;
  }
  const format = values.format!;
  if (!['stylish', 'json', 'github'].includes(format)) throw new UsageError(`unknown format "${format}" (stylish, json, github)`);
  let maxWarnings = -1;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new UsageError('--max-warnings expects a non-negative integer');
  }
  if (!positionals.length) throw new UsageError('no input: give files, directories, globs or - (see --help)');

  const config = loadConfig(values.config, io.cwd);
  const settings: MeshSettings = resolveSettings(config);
  for (const r of values.rule ?? []) {
    const [id, sev] = parseRuleOverride(r);
    settings.rules[id] = sev;
  }
  if (values.exclude) settings.exclude.push(...values.exclude);
  if (values['max-file-size'] !== undefined) {
    const n = Number(values['max-file-size']);
    if (!(n > 0)) throw new UsageError('--max-file-size expects a positive number of bytes');
    settings.maxFileSize = n;
  }

  const files = collectFiles(positionals, settings.exclude, io.cwd);
  const ws = createWorkspace(settings);
  const display = new Map<string, string>();
  for (const f of files) {
    const text = readInput(f);
    const uri = f === '-' ? 'stdin:' : pathToFileURL(f).href;
    display.set(uri, f === '-' ? '<stdin>' : relative(io.cwd, f) || f);
    ws.setFile(uri, text);
  }
  if (values.fix || values['fix-dry-run']) {
    const fixable = [...display.keys()].filter((u) => u !== 'stdin:');
    const { changed, applied } = applyPreferredFixes(ws, fixable);
    if (values['fix-dry-run']) {
      for (const [uri, [before, after]] of changed) io.stdout(unifiedDiff(display.get(uri)!, before, after).replace(/\n?$/, '\n'));
      io.stderr(`meshlint: ${applied} fix${applied === 1 ? '' : 'es'} in ${changed.size} file${changed.size === 1 ? '' : 's'} (dry run, nothing written)\n`);
      return 0;
    }
    writeChanged(changed, (u) => fileURLToPath(u));
    io.stderr(`meshlint: applied ${applied} fix${applied === 1 ? '' : 'es'} in ${changed.size} file${changed.size === 1 ? '' : 's'}\n`);
  }
  const reports: FileReport[] = [];
  for (const [uri, file] of display) reports.push({ file, diagnostics: ws.diagnostics(uri) });

  if (format === 'json') io.stdout(JSON.stringify(toJson(reports), null, 2) + '\n');
  else if (format === 'github') io.stdout(github(reports));
  else io.stdout(stylish(reports, io.color && !values['no-color']));

  const n = counts(reports);
  if (n.error > 0) return 1;
  if (maxWarnings >= 0 && n.warning > maxWarnings) {
    io.stderr(`meshlint: ${n.warning} warnings, more than --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return 0;
}
