/** `meshlint canary --http-route <name>`: one canary step on a Gateway API HTTPRoute rule, in place or as a diff. */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyHttpRouteStep, type CanaryStep, displayName, type Resource, routeView, type Workspace } from '../service/index';
import { finishStep } from './canary-result';
import type { CliIO } from './io';

export interface HttpRouteCanaryArgs {
  name: string;
  namespace?: string;
  rule?: string;
  canary?: string;
  stable?: string;
  dryRun?: boolean;
  ladder: number[];
  /** The real paths of the inputs (see finishStep). */
  roots: string[];
}

export function httpRouteCanary(ws: Workspace, step: CanaryStep, a: HttpRouteCanaryArgs, io: CliIO): number {
  const matches: Resource[] = [];
  for (const r of ws.allResources())
    if (r.kind === 'HTTPRoute' && r.group === 'gateway.networking.k8s.io' && r.name === a.name && (!a.namespace || r.namespace === a.namespace))
      matches.push(r);
  if (!matches.length) {
    io.stderr(`meshlint canary: no HTTPRoute ${a.namespace ? `${a.namespace}/` : ''}${a.name} in the given files\n`);
    return 1;
  }
  if (matches.length > 1) {
    io.stderr(
      `meshlint canary: HTTPRoute ${a.name} is defined ${matches.length} times (${matches.map((m) => `${m.namespace} in ${relative(io.cwd, fileURLToPath(m.uri))}`).join('; ')}); narrow it with --namespace or fewer paths\n`,
    );
    return 1;
  }
  const res = matches[0];
  const rules = routeView(res)?.rules ?? [];
  if (!rules.length) {
    io.stderr(`meshlint canary: ${displayName(res)} has no rules\n`);
    return 1;
  }
  let rule = rules[rules.length - 1];
  if (a.rule !== undefined) {
    const r = rules.find((x) => x.name === a.rule) ?? (/^\d+$/.test(a.rule) ? rules[Number(a.rule)] : undefined);
    if (!r) {
      io.stderr(`meshlint canary: ${displayName(res)} has no rule "${a.rule}" (rules: ${rules.map((x, i) => x.name ?? String(i)).join(', ')})\n`);
      return 1;
    }
    rule = r;
  } else {
    const split = rules.filter((r) => r.backendRefs.length > 1);
    if (split.length === 1) rule = split[0];
  }
  const result = applyHttpRouteStep(ws, res, rule, step, { canary: a.canary, stable: a.stable, ladder: a.ladder });
  return finishStep(ws, res, result, a.dryRun, io, a.roots);
}
