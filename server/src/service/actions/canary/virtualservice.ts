/**
 * Canary steps on an HTTP route of a VirtualService: start, advance along the weight ladder,
 * set a weight, promote, roll back, retire the old subset, add a header/cookie canary route.
 * Planning is `plan.ts`'s; this adapter reads the route's destinations (subsets are the names)
 * and writes the edits. None applies to a VirtualService whose weights a controller (Argo
 * Rollouts, Flagger), an annotation or a comment owns, except the header route, which sets no weight.
 */

import { insertCanaryDestination, insertHeaderRoute } from '../../edits/canary';
import { addEdit, deleteLinesKeepingComments, type FileEdits } from '../../edits/edits';
import { destinationLayout } from '../../edits/layout';
import { insertSubset, proposeSubset, proposeSubsets, removeSubset, type SubsetProposal, stillRouted, versionRank } from '../../edits/subsets';
import { setWeightEdits } from '../../edits/weights';
import { toFQDN } from '../../hosts';
import { destinationLabel, findSubset } from '../../links';
import { displayName, type Resource, type Route, type RouteDestination, span } from '../../model';
import { destinationSplit, weightOwner } from '../../query/weights';
import type { Workspace } from '../../workspace';
import {
  CANARY_MATCHES,
  type CanaryOptions,
  type CanaryStep,
  type CanaryTarget,
  canaryTargets,
  chooseRoles,
  firstSplit,
  ROUTE_LEAD_CHARS,
  type Roles,
  type StepResult,
  weightStep,
} from './plan';

/** The destinations of a VirtualService route as canary targets: named by subset, or by host when they have none. */
function targetsOf(route: Route): CanaryTarget[] {
  return canaryTargets(
    destinationSplit(route),
    route.destinations.map((d) => d.subset?.value ?? d.host?.value),
    'as-written',
  );
}

/** Which destination is the canary and which the stable one (see chooseRoles). */
export function roles(route: Route, opts: Pick<CanaryOptions, 'canary' | 'stable'>): Roles | { error: string } {
  return chooseRoles(targetsOf(route), opts, {
    single: 'The route has a single destination: start a canary first.',
    unknown: (name) => `No destination of the route uses subset ${name}.`,
    same: 'The canary and the stable destination are the same.',
  });
}

/** Subsets a canary could start on: DestinationRule subsets the route does not use yet (newest first), then subsets to create from workloads no subset selects. */
export function startCandidates(ws: Workspace, vs: Resource, route: Route): { name: string; create?: SubsetProposal }[] {
  const d = route.destinations[0];
  if (!d?.host) return [];
  const fqdn = toFQDN(d.host.value, vs.namespace);
  const used = new Set(route.destinations.map((x) => x.subset?.value));
  const { available } = findSubset(ws, fqdn, '');
  const out: { name: string; create?: SubsetProposal }[] = available
    .filter((s) => !used.has(s))
    .sort((a, b) => versionRank(b) - versionRank(a))
    .map((name) => ({ name }));
  for (const p of proposeSubsets(ws, fqdn)) if (!out.some((o) => o.name === p.name)) out.push({ name: p.name, create: p });
  return out;
}

function canaryCandidate(ws: Workspace, vs: Resource, route: Route, opts: CanaryOptions): { name: string; create?: SubsetProposal } | { error: string } {
  const d = route.destinations[0];
  if (!d?.host) return { error: 'The route destination has no host.' };
  const fqdn = toFQDN(d.host.value, vs.namespace);
  const candidates = startCandidates(ws, vs, route);
  if (opts.canary) {
    if (route.destinations.some((x) => x.subset?.value === opts.canary)) return { error: `Subset ${opts.canary} is already a destination of this route.` };
    const found = candidates.find((c) => c.name === opts.canary);
    if (found) return found;
    const create = proposeSubset(ws, fqdn, opts.canary);
    return create ? { name: opts.canary, create } : { error: `Subset ${opts.canary} is not defined for ${fqdn}, and no workload to define it from was found.` };
  }
  if (candidates.length) return candidates[0];
  return {
    error: `No subset for a canary: the DestinationRule for ${fqdn} defines no subset this route does not use, and no workload of its Service carries new labels.`,
  };
}

function retire(ws: Workspace, vs: Resource, route: Route, edits: FileEdits): StepResult {
  const file = ws.getFile(vs.uri);
  if (!file) return { error: 'Unknown file.' };
  const ds = route.destinations;
  // A destination the route sends nothing to is retired; a lone destination gets everything.
  const weights = destinationSplit(route).targets.map((t) => t.weight);
  const keep = ds.filter((_, i) => weights[i] > 0);
  const drop = ds.filter((_, i) => weights[i] === 0);
  if (!drop.length && ds.length === 1) return { title: `Retire: only ${destinationLabel(ds[0])} is left`, edits, changed: false };
  if (!drop.length) return { error: 'No destination of the route has weight 0: promote (or roll back) before retiring.' };
  if (!keep.length) return { error: 'Every destination has weight 0: nothing would be left to route to.' };
  const dropped = new Set<object>(drop);
  for (const d of drop) {
    const lay = destinationLayout(file, vs, d);
    // Comments beside the removed lines stay, as comment lines where the destination was.
    addEdit(edits, vs.uri, deleteLinesKeepingComments(file.text, lay.lineStart, lay.end, lay.dashCol));
  }
  const retired: string[] = [];
  for (const d of drop) {
    if (!d.subset || !d.host) continue;
    const fqdn = toFQDN(d.host.value, vs.namespace);
    if (keep.some((k) => k.subset?.value === d.subset!.value && k.host && toFQDN(k.host.value, vs.namespace) === fqdn)) continue;
    if (stillRouted(ws, fqdn, d.subset.value, dropped)) continue;
    for (const m of findSubset(ws, fqdn, d.subset.value).matches) {
      removeSubset(ws, m.dr, m.subset, edits);
      retired.push(`${m.dr.name}/${d.subset.value}`);
    }
  }
  return {
    title: `Retire ${drop.map(destinationLabel).join(', ')}${retired.length ? ` and remove subset ${retired.join(', ')}` : ''}`,
    edits,
    changed: true,
  };
}

function headerRoute(ws: Workspace, vs: Resource, route: Route, step: Extract<CanaryStep, { step: 'header-route' }>, opts: CanaryOptions): StepResult {
  const file = ws.getFile(vs.uri);
  if (!file) return { error: 'Unknown file.' };
  const ds = route.destinations;
  const edits: FileEdits = new Map();
  let canaryDest: RouteDestination | undefined;
  let canaryName: string | undefined;
  let create: SubsetProposal | undefined;
  if (ds.length >= 2) {
    const r = roles(route, opts);
    if ('error' in r) return r;
    canaryDest = ds[r.canary];
    canaryName = canaryDest.subset?.value;
  } else {
    const cand = canaryCandidate(ws, vs, route, opts);
    if ('error' in cand) return cand;
    canaryName = cand.name;
    create = cand.create;
    canaryDest = ds[0];
  }
  if (!canaryName || !canaryDest?.host) return { error: 'The canary destination has no subset.' };
  const match = CANARY_MATCHES[step.match];
  insertHeaderRoute(file, vs, route, match, canaryDest.host.value, canaryName, edits);
  if (create) insertSubset(ws, create, edits);
  return { title: `Add canary route: ${match.title} → ${canaryName}`, edits, changed: true };
}

export function applyStep(ws: Workspace, vs: Resource, route: Route, step: CanaryStep, opts: CanaryOptions): StepResult {
  if (vs.view?.type !== 'VirtualService') return { error: `${displayName(vs)} is not a VirtualService.` };
  if (route.protocol !== 'http') return { error: 'Canary steps apply to HTTP routes.' };
  const owner = weightOwner(ws, vs);
  if (owner && step.step !== 'header-route')
    return { error: `The weights of ${displayName(vs)} are managed by ${owner.owner}: it overwrites them, so change the rollout there.` };
  const file = ws.getFile(vs.uri);
  if (!file) return { error: 'Unknown file.' };
  const edits: FileEdits = new Map();
  const ds = route.destinations;
  if (!ds.length) return { error: 'The route has no destinations.' };

  switch (step.step) {
    case 'start': {
      // Already started on this subset: nothing to do (a step that is in place is a success).
      if (ds.length > 1 && opts.canary && ds.some((x) => x.subset?.value === opts.canary))
        return { title: `Start canary: ${opts.canary}`, edits, changed: false };
      if (ds.length !== 1) return { error: 'A canary is already running on this route (it has several destinations).' };
      const cand = canaryCandidate(ws, vs, route, opts);
      if ('error' in cand) return cand;
      const first = firstSplit(opts);
      const d = ds[0];
      insertCanaryDestination(file, vs, d, d.host!.value, cand.name, first.canary, first.stable, edits);
      if (cand.create) insertSubset(ws, cand.create, edits);
      return { title: `Start canary: ${cand.name} at ${first.canary}% (${destinationLabel(d)} ${first.stable}%)`, edits, changed: true };
    }
    case 'advance':
    case 'set':
    case 'promote':
    case 'rollback': {
      const r = roles(route, opts);
      if ('error' in r) return r;
      const target = weightStep(step, targetsOf(route), r, opts.ladder);
      if ('error' in target) return target;
      const changed = setWeightEdits(ws, vs, route, target.weights, edits);
      return { title: target.title, edits, changed };
    }
    case 'retire':
      return retire(ws, vs, route, edits);
    case 'header-route':
      return headerRoute(ws, vs, route, step, opts);
  }
}

/** The HTTP route of a VirtualService that contains `offset` (or lies just before its first key). */
export function routeAt(vs: Resource, offset: number): Route | undefined {
  if (vs.view?.type !== 'VirtualService') return undefined;
  return vs.view.vs.http.find((r) => {
    const [s, e] = span(vs, r.node);
    return offset >= s - ROUTE_LEAD_CHARS && offset <= e;
  });
}
