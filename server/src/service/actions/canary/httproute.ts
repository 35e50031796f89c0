/**
 * Canary steps on a Gateway API HTTPRoute rule's backendRefs: start (add the canary Service),
 * advance along the ladder, set, promote, roll back, retire the backends at weight 0. Planning
 * is `plan.ts`'s; this adapter reads the rule's backendRefs (Services are the names) and writes
 * minimal text edits that keep comments and layout. None applies to an HTTPRoute whose weights
 * Argo Rollouts (Gateway API plugin), Flagger, an annotation or a comment owns.
 */
import type { YAMLMap } from 'yaml';
import { deleteBackendRefs, insertCanaryBackend } from '../../edits/canary';
import type { FileEdits } from '../../edits/edits';
import { versionRank } from '../../edits/subsets';
import { setBackendWeightEdits } from '../../edits/weights';
import { isRoute, isServiceBackend, type RouteRule, routeView } from '../../gatewayapi';
import { displayName, type Resource, span } from '../../model';
import { backendLabel, backendSplit, managingController, weightOwner } from '../../query/weights';
import type { Workspace } from '../../workspace';
import {
  type CanaryOptions,
  type CanaryStep,
  type CanaryStepKind,
  canaryTargets,
  chooseRoles,
  firstSplit,
  ROUTE_LEAD_CHARS,
  type StepResult,
  weightStep,
} from './plan';

/** The steps an HTTPRoute rule takes: a header route would need a second rule, which these steps do not write. */
export const HTTPROUTE_STEPS: ReadonlySet<CanaryStepKind> = new Set(['start', 'advance', 'set', 'promote', 'rollback', 'retire']);

/** The Argo Rollout (Gateway API traffic router plugin) or Flagger Canary that manages `route` (query/managed.ts). */
export const httpRouteController = managingController;

/** The rule of an HTTPRoute that contains `offset` (or lies just before its first key). */
export function httpRouteRuleAt(res: Resource, offset: number): RouteRule | undefined {
  const v = routeView(res);
  if (!v || res.kind !== 'HTTPRoute') return undefined;
  return v.rules.find((r) => {
    const [s, e] = span(res, r.node);
    return offset >= s - ROUTE_LEAD_CHARS && offset <= e;
  });
}

function targetsOf(rule: RouteRule) {
  return canaryTargets(
    backendSplit(rule),
    rule.backendRefs.map((b) => b.name?.value),
    'normalized',
  );
}

/** Services of the route's namespace that could be the canary of `stable` (same name stem, not yet a backend), newest version first. */
export function httpRouteCanaryCandidates(ws: Workspace, _res: Resource, rule: RouteRule): string[] {
  const stable = rule.backendRefs[0];
  if (!stable?.name) return [];
  const stem = stable.name.value.replace(/[-.]?(v\d+([.-]\d+)*|stable|primary|main|blue|green)$/i, '');
  const used = new Set(rule.backendRefs.map((b) => `${b.namespace}/${b.name?.value}`));
  return ws
    .ofKind('Service', stable.namespace)
    .map((s) => s.name)
    .filter((n): n is string => !!n && n !== stable.name!.value && n.startsWith(stem) && !used.has(`${stable.namespace}/${n}`))
    .sort((a, b) => (/canary/.test(b) ? 1 : 0) - (/canary/.test(a) ? 1 : 0) || versionRank(b) - versionRank(a) || a.localeCompare(b));
}

export function applyHttpRouteStep(ws: Workspace, res: Resource, rule: RouteRule, step: CanaryStep, opts: CanaryOptions): StepResult {
  if (!isRoute(res) || res.kind !== 'HTTPRoute') return { error: `${displayName(res)} is not an HTTPRoute.` };
  const owner = weightOwner(ws, res);
  if (owner)
    return {
      error: `${displayName(res)} is managed by ${owner.owner}: its controller overwrites the backend weights, so change the rollout there.`,
    };
  const file = ws.getFile(res.uri);
  if (!file) return { error: 'Unknown file.' };
  const refs = rule.backendRefs;
  if (!refs.length) return { error: 'The rule has no backendRefs.' };
  const edits: FileEdits = new Map();
  switch (step.step) {
    case 'start': {
      if (refs.length !== 1) return { error: 'A canary is already running on this rule (it has several backends).' };
      const stable = refs[0];
      if (!isServiceBackend(stable) || !stable.name) return { error: 'The backend is not a Service.' };
      const name = opts.canary ?? httpRouteCanaryCandidates(ws, res, rule)[0];
      if (!name)
        return { error: `No canary Service: give its name (no Service in namespace ${stable.namespace} looks like a new version of ${stable.name.value}).` };
      if (refs.some((b) => b.name?.value === name)) return { error: `${name} is already a backend of this rule.` };
      const first = firstSplit(opts);
      insertCanaryBackend(ws, res, stable, name, first.canary, first.stable, edits);
      return { title: `Start canary: ${name} at ${first.canary}% (${backendLabel(stable)} ${first.stable}%)`, edits, changed: true };
    }
    case 'advance':
    case 'set':
    case 'promote':
    case 'rollback': {
      const targets = targetsOf(rule);
      const r = chooseRoles(targets, opts, {
        single: 'The rule has a single backend: start a canary first.',
        unknown: (name) => `No backendRef of the rule is named ${name}.`,
        same: 'The canary and the stable backend are the same.',
      });
      if ('error' in r) return r;
      const target = weightStep(step, targets, r, opts.ladder);
      if ('error' in target) return target;
      let changed = false;
      refs.forEach((b, i) => {
        changed = setBackendWeightEdits(ws, res, b, target.weights[i], edits) || changed;
      });
      return { title: target.title, edits, changed };
    }
    case 'retire': {
      const weights = backendSplit(rule).targets.map((t) => t.weight);
      const drop = refs.filter((_, i) => weights[i] === 0);
      if (!drop.length) return { error: 'No backendRef of the rule has weight 0: promote (or roll back) before retiring.' };
      if (drop.length === refs.length) return { error: 'Every backendRef has weight 0: nothing would be left to route to.' };
      if (drop.some((b) => (b.node as YAMLMap).flow)) return { error: 'The backendRefs are in flow style ({...}); remove the weight-0 entries by hand.' };
      deleteBackendRefs(file, res, drop, edits);
      return { title: `Retire ${drop.map(backendLabel).join(', ')}`, edits, changed: true };
    }
    default:
      return { error: 'This canary step applies to VirtualServices only.' };
  }
}
