/** `meshlint route`: where does one request go? Prints the matching route entry and its destinations. */

import { relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { describeRoute as describeRouteText, locate, resourceLocation, simulationReport } from '../service/features/route-report';
import {
  createWorkspace,
  type MatchedRoute,
  type Resource,
  resolveSettings,
  type SimRequest,
  type SimResult,
  simulate,
  type Workspace,
} from '../service/index';
import { loadConfig } from './config';
import { collectFiles, readInput, UsageError } from './files';
import type { CliIO } from './io';

export const ROUTE_HELP = `Usage: meshlint route <files|dirs|globs>... --host <host> [--path <path>] [--method <M>]
                      [--port <n>] [--header <name=value>]... [--gateway <ns/name> | --mesh]
                      [--source-label <k=v>]... [--source-namespace <ns>] [--scheme <s>]
                      [--format text|json]

Simulates one HTTP request against the VirtualServices and HTTPRoutes in the given files and
prints the resource and route entry (file:line) that take it, with the destinations and their
effective shares, or why nothing matches.

  --host <host>            request host (authority); host:port also sets --port
  --path <path>            path with an optional ?query (default /)
  --method <M>             HTTP method (default GET)
  --header <name=value>    request header (repeatable)
  --gateway <ns/name>      the request arrives at this gateway (Istio or Gateway API)
  --mesh                   the request comes from a sidecar in the mesh (default)
  --source-label <k=v>     label of the calling workload, for sourceLabels (repeatable)
  --source-namespace <ns>  namespace of the caller: short host names resolve there (default default)
  --format text|json       output format (default text)

Exit codes: 0 a route takes the request, 1 no route matches, 2 usage or I/O error.
`;

export interface LoadedWorkspace {
  ws: Workspace;
  display: Map<string, string>;
}

/** Read config files into a workspace, keeping display paths relative to the working directory. */
export function loadWorkspace(paths: string[], io: CliIO, configPath?: string): LoadedWorkspace {
  const config = loadConfig(configPath, io.cwd);
  const settings = resolveSettings(config.settings);
  const files = collectFiles(paths, settings.exclude.length ? [{ patterns: settings.exclude, base: config.dir ?? io.cwd }] : [], io.cwd, {
    gitignore: true,
  }).filter((f) => f !== '-');
  const ws = createWorkspace(settings);
  const display = new Map<string, string>();
  for (const f of files) {
    const uri = pathToFileURL(f).href;
    display.set(uri, relative(io.cwd, f) || f);
    ws.setFile(uri, readInput(f));
  }
  return { ws, display };
}

function pairs(list: string[] | undefined, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of list ?? []) {
    const i = s.search(/[=:]/);
    if (i <= 0) throw new UsageError(`${flag} expects name=value, got "${s}"`);
    out[s.slice(0, i).trim()] = s.slice(i + 1).trim();
  }
  return out;
}

function pathOfDisplay(display: Map<string, string>): (uri: string) => string {
  return (uri) => {
    const shown = display.get(uri);
    if (shown) return shown;
    try {
      return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
    } catch {
      return uri;
    }
  };
}

export function where(ws: Workspace, display: Map<string, string>, uri: string, offset: number): string {
  return locate(ws, pathOfDisplay(display), uri, offset);
}

function refJson(ws: Workspace, display: Map<string, string>, r: MatchedRoute) {
  return {
    kind: r.kind,
    namespace: r.resource.namespace,
    name: r.resource.name,
    route: r.label,
    routeIndex: r.index,
    routeName: r.name,
    matchIndex: r.matchIndex,
    location: where(ws, display, r.uri, r.start),
  };
}

function resourceWhere(ws: Workspace, display: Map<string, string>, res: Resource): string {
  return resourceLocation(ws, pathOfDisplay(display), res);
}

export function resultJson(ws: Workspace, display: Map<string, string>, r: SimResult) {
  return {
    request: r.request,
    matched: r.matched,
    action: r.action,
    route: r.route ? refJson(ws, display, r.route) : undefined,
    via: r.via ? refJson(ws, display, r.via) : undefined,
    destinations: r.destinations,
    reason: r.reason,
    notes: r.notes,
    candidates: r.candidates.map((c) => ({
      kind: c.resource.kind,
      namespace: c.resource.namespace,
      name: c.resource.name,
      location: resourceWhere(ws, display, c.resource),
      reasons: c.reasons,
    })),
  };
}

export function describeRoute(ws: Workspace, display: Map<string, string>, r: MatchedRoute): string {
  return describeRouteText(ws, pathOfDisplay(display), r);
}

export function resultText(ws: Workspace, display: Map<string, string>, r: SimResult): string {
  return simulationReport(ws, pathOfDisplay(display), r);
}

export async function routeCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      host: { type: 'string' },
      path: { type: 'string' },
      method: { type: 'string', short: 'X' },
      port: { type: 'string' },
      header: { type: 'string', short: 'H', multiple: true },
      gateway: { type: 'string' },
      mesh: { type: 'boolean' },
      'source-label': { type: 'string', multiple: true },
      'source-namespace': { type: 'string' },
      scheme: { type: 'string' },
      format: { type: 'string', short: 'f', default: 'text' },
      config: { type: 'string', short: 'c' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(ROUTE_HELP);
    return 0;
  }
  if (!values.host) throw new UsageError('route: --host <host> is required (see meshlint route --help)');
  if (values.gateway && values.mesh) throw new UsageError('route: give --gateway or --mesh, not both');
  if (!['text', 'json'].includes(values.format!)) throw new UsageError(`route: unknown format "${values.format}" (text, json)`);
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new UsageError(`route: --port expects a port number, got "${values.port}"`);
  }
  if (values.gateway !== undefined && !values.gateway.trim()) throw new UsageError('route: --gateway expects <namespace>/<name>');
  if (values.path !== undefined && !values.path.startsWith('/')) throw new UsageError(`route: --path must start with /, got "${values.path}"`);
  if (!positionals.length) throw new UsageError('route: give the files or directories that hold the configuration');
  const request: SimRequest = {
    host: values.host,
    port,
    path: values.path,
    method: values.method,
    headers: pairs(values.header, '--header'),
    scheme: values.scheme,
    gateway: values.mesh ? undefined : values.gateway,
    sourceLabels: values['source-label'] ? pairs(values['source-label'], '--source-label') : undefined,
    sourceNamespace: values['source-namespace'],
  };
  const { ws, display } = loadWorkspace(positionals, io, values.config);
  const result = simulate(ws, request);
  if (values.format === 'json') io.stdout(`${JSON.stringify(resultJson(ws, display, result), null, 2)}\n`);
  else io.stdout(resultText(ws, display, result));
  return result.matched ? 0 : 1;
}
