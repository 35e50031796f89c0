/** `meshlint canary`: apply one canary step to a VirtualService in a GitOps repository or a pipeline. */

import { relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { applyStep, type CanaryStep, createWorkspace, displayName, type Resource, resolveSettings } from '../service/index';
import { httpRouteCanary } from './canary-httproute';
import { finishStep } from './canary-result';
import { loadConfig } from './config';
import { collectFiles, readInput, UsageError } from './files';
import { inputRoots } from './guard';
import type { CliIO } from './io';

export const CANARY_HELP = `Usage: meshlint canary <files|dirs|globs>... (--virtual-service <name> | --http-route <name>) [--namespace <ns>]
                       (--start | --advance | --set <N> | --promote | --rollback | --retire)
                       [--canary <subset>] [--stable <subset>] [--route <name|index>] [--dry-run]

Applies one canary step to an HTTP route of the VirtualService, in place (or prints a
unified diff with --dry-run). The route is --route, else the only route with several
destinations, else the last route. The weight ladder for --advance comes from the
settings file (canaryLadder; default 5, 10, 20, 50, 100).

With --http-route, the step applies to the backendRefs of a Gateway API HTTPRoute rule
(--route names or numbers the rule; --canary and --stable name backend Services).

Exit codes: 0 applied, or already in place (nothing to change); 1 the step does not apply
(no such VirtualService or route, the weights are managed elsewhere, ...); 2 usage error,
bad config or unreadable input.
`;

export async function canaryCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'virtual-service': { type: 'string' },
      'http-route': { type: 'string' },
      namespace: { type: 'string', short: 'n' },
      start: { type: 'boolean' },
      advance: { type: 'boolean' },
      set: { type: 'string' },
      promote: { type: 'boolean' },
      rollback: { type: 'boolean' },
      retire: { type: 'boolean' },
      canary: { type: 'string' },
      stable: { type: 'string' },
      route: { type: 'string' },
      'dry-run': { type: 'boolean' },
      config: { type: 'string', short: 'c' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(CANARY_HELP);
    return 0;
  }
  const chosen = (['start', 'advance', 'promote', 'rollback', 'retire'] as const).filter((k) => values[k]);
  if (values.set !== undefined) chosen.push('set' as never);
  if (chosen.length !== 1) throw new UsageError('canary: give exactly one of --start, --advance, --set N, --promote, --rollback, --retire');
  const name = values['virtual-service'];
  if (name && values['http-route']) throw new UsageError('canary: give --virtual-service or --http-route, not both');
  if (!name && !values['http-route']) throw new UsageError('canary: --virtual-service <name> (or --http-route <name>) is required');
  if (!positionals.length) throw new UsageError('canary: give the files or directories that hold the VirtualService');
  let step: CanaryStep;
  if (values.set !== undefined) {
    const n = Number(values.set);
    if (!Number.isInteger(n) || n < 0 || n > 100) throw new UsageError(`canary: --set expects an integer from 0 to 100, got "${values.set}"`);
    step = { step: 'set', weight: n };
  } else step = { step: chosen[0] } as CanaryStep;

  const config = loadConfig(values.config, io.cwd);
  const settings = resolveSettings(config.settings);
  const files = collectFiles(positionals, settings.exclude.length ? [{ patterns: settings.exclude, base: config.dir ?? io.cwd }] : [], io.cwd, {
    gitignore: true,
  }).filter((f) => f !== '-');
  const ws = createWorkspace(settings);
  for (const f of files) ws.setFile(pathToFileURL(f).href, readInput(f));
  if (values['http-route'])
    return httpRouteCanary(
      ws,
      step,
      {
        name: values['http-route'],
        namespace: values.namespace,
        rule: values.route,
        canary: values.canary,
        stable: values.stable,
        dryRun: values['dry-run'],
        ladder: settings.canaryLadder,
        roots: inputRoots(positionals, io.cwd),
      },
      io,
    );

  const matches: Resource[] = [];
  for (const r of ws.allResources())
    if (r.kind === 'VirtualService' && r.name === name && (!values.namespace || r.namespace === values.namespace)) matches.push(r);
  if (!matches.length) {
    io.stderr(`meshlint canary: no VirtualService ${values.namespace ? `${values.namespace}/` : ''}${name} in the given files\n`);
    return 1;
  }
  if (matches.length > 1) {
    io.stderr(
      `meshlint canary: VirtualService ${name} is defined ${matches.length} times (${matches.map((m) => `${m.namespace} in ${relative(io.cwd, fileURLToPath(m.uri))}`).join('; ')}); narrow it with --namespace or fewer paths\n`,
    );
    return 1;
  }
  const vs = matches[0];
  if (vs.view?.type !== 'VirtualService' || !vs.view.vs.http.length) {
    io.stderr(`meshlint canary: ${displayName(vs)} has no HTTP route\n`);
    return 1;
  }
  const http = vs.view.vs.http;
  let route = http[http.length - 1];
  if (values.route !== undefined) {
    const byName = http.find((r) => r.name === values.route);
    const byIndex = /^\d+$/.test(values.route) ? http[Number(values.route)] : undefined;
    const r = byName ?? byIndex;
    if (!r) {
      io.stderr(`meshlint canary: ${displayName(vs)} has no HTTP route "${values.route}" (routes: ${http.map((x, i) => x.name ?? String(i)).join(', ')})\n`);
      return 1;
    }
    route = r;
  } else {
    const split = http.filter((r) => r.destinations.length > 1);
    if (split.length === 1) route = split[0];
  }
  const result = applyStep(ws, vs, route, step, { canary: values.canary, stable: values.stable, ladder: settings.canaryLadder });
  return finishStep(ws, vs, result, values['dry-run'], io, inputRoots(positionals, io.cwd));
}
