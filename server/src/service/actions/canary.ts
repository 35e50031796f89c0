/**
 * Canary steps on an HTTP route of a VirtualService: start, advance along the weight ladder,
 * set a weight, promote, roll back, retire the old subset, add a header/cookie canary route.
 * Each step is a set of minimal text edits; none applies to a VirtualService whose weights a
 * controller (Argo Rollouts, Flagger) manages.
 */

import { addEdit, deleteLinesKeepingComments, type FileEdits, largestRemainder, replaceScalar } from '../edits/edits';
import { destinationLayout, flushSequences, indentUnit, insertLines, routeLayout } from '../edits/layout';
import { insertSubset, proposeSubset, proposeSubsets, removeSubset, type SubsetProposal, stillRouted, versionRank } from '../edits/subsets';
import { setWeightEdits } from '../edits/weights';
import { toFQDN } from '../hosts';
import { destinationLabel, findSubset } from '../links';
import { displayName, type Resource, type Route, type RouteDestination, span } from '../model';
import { weightOwner } from '../query/managed';
import type { Workspace } from '../workspace';

export type CanaryStep =
  | { step: 'start' }
  | { step: 'advance' }
  | { step: 'set'; weight: number }
  | { step: 'promote' }
  | { step: 'rollback' }
  | { step: 'retire' }
  | { step: 'header-route'; match: 'end-user' | 'user-agent' | 'cookie' };

export interface CanaryOptions {
  canary?: string;
  stable?: string;
  ladder: number[];
}

export type StepResult = { title: string; edits: FileEdits; changed: boolean } | { error: string };

export interface Roles {
  canary: number;
  stable: number;
}

/** Which destination is the canary and which the stable one. */
export function roles(route: Route, opts: Pick<CanaryOptions, 'canary' | 'stable'>): Roles | { error: string } {
  const ds = route.destinations;
  if (ds.length < 2) return { error: 'The route has a single destination: start a canary first.' };
  const bySubset = (name: string) => ds.findIndex((d) => d.subset?.value === name || (!d.subset && d.host?.value === name));
  let canary = opts.canary ? bySubset(opts.canary) : -1;
  if (opts.canary && canary === -1) return { error: `No destination of the route uses subset ${opts.canary}.` };
  if (canary === -1) {
    const ranks = ds.map((d) => (d.subset ? versionRank(d.subset.value) : -1));
    const best = Math.max(...ranks);
    canary = best >= 0 && ranks.filter((r) => r === best).length === 1 ? ranks.indexOf(best) : ds.length - 1;
  }
  let stable = opts.stable ? bySubset(opts.stable) : -1;
  if (opts.stable && stable === -1) return { error: `No destination of the route uses subset ${opts.stable}.` };
  if (stable === -1) {
    let bestW = -1;
    ds.forEach((d, i) => {
      const w = d.weight?.value ?? 0;
      if (i !== canary && w > bestW) {
        bestW = w;
        stable = i;
      }
    });
  }
  if (stable === canary) return { error: 'The canary and the stable destination are the same.' };
  return { canary, stable };
}

function currentWeights(route: Route): number[] {
  return route.destinations.map((d) => Math.max(0, d.weight?.value ?? (route.destinations.length === 1 ? 100 : 0)));
}

/** Weights with the canary at `c`: the stable one gets the rest (with three or more destinations the others keep their ratios). */
/** Weights with the canary at `c`%: the other destinations share the rest in their current ratio (all to the stable one when they have none). */
function redistribute(cur: number[], r: Roles, c: number): number[] {
  const out = cur.map(() => 0);
  out[r.canary] = c;
  const others = cur.map((_, i) => i).filter((i) => i !== r.canary);
  const otherWeights = others.map((i) => cur[i]);
  if (otherWeights.every((w) => w === 0)) out[r.stable] = 100 - c;
  else {
    const split = largestRemainder(otherWeights, 100 - c);
    others.forEach((i, k) => {
      out[i] = split[k];
    });
  }
  return out;
}

export type WeightStep = Extract<CanaryStep, { step: 'advance' | 'set' | 'promote' | 'rollback' }>;

/**
 * The title and target weights of a weight step, from the current percentages: shared by the
 * VirtualService and the HTTPRoute canary steps. `label(i)` names destination i.
 */
export function weightStep(
  step: WeightStep,
  cur: number[],
  r: Roles,
  label: (i: number) => string,
  ladder: number[],
): { title: string; weights: number[] } | { error: string } {
  const now = cur[r.canary];
  const cname = label(r.canary);
  switch (step.step) {
    case 'advance': {
      const next = ladder.find((w) => w > now);
      if (next === undefined)
        return { error: `The canary ${cname} is already at ${now}%, the end of the ladder (${ladder.join(', ')}): retire the old version next.` };
      return { title: `Advance canary: ${cname} ${now}% → ${next}%`, weights: redistribute(cur, r, next) };
    }
    case 'set':
      if (!Number.isInteger(step.weight) || step.weight < 0 || step.weight > 100)
        return { error: `Weight must be an integer from 0 to 100, got ${step.weight}.` };
      return { title: `Set canary ${cname} to ${step.weight}%`, weights: redistribute(cur, r, step.weight) };
    case 'promote':
      return { title: `Promote canary: ${cname} takes all traffic`, weights: cur.map((_, i) => (i === r.canary ? 100 : 0)) };
    case 'rollback':
      return { title: `Roll back canary: ${label(r.stable)} takes all traffic`, weights: cur.map((_, i) => (i === r.stable ? 100 : 0)) };
  }
}

function destinationLines(lay: { dashCol: number; keyCol: number; childCol: number }, host: string, subset: string, weight: number): string[] {
  return [
    `${' '.repeat(lay.dashCol)}-${' '.repeat(Math.max(1, lay.keyCol - lay.dashCol - 1))}destination:`,
    `${' '.repeat(lay.childCol)}host: ${host}`,
    `${' '.repeat(lay.childCol)}subset: ${subset}`,
    `${' '.repeat(lay.keyCol)}weight: ${weight}`,
  ];
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
      const first = opts.ladder[0] ?? 5;
      const d = ds[0];
      if (d.weight && d.weightPair?.value) addEdit(edits, vs.uri, replaceScalar(vs, d.weight.node, 100 - first));
      const lay = destinationLayout(file, vs, d);
      const lines = d.weight ? [] : [`${' '.repeat(lay.keyCol)}weight: ${100 - first}`];
      lines.push(...destinationLines(lay, d.host!.value, cand.name, first));
      addEdit(edits, vs.uri, insertLines(file.text, lay.end, lines));
      if (cand.create) insertSubset(ws, cand.create, edits);
      return { title: `Start canary: ${cand.name} at ${first}% (${destinationLabel(d)} ${100 - first}%)`, edits, changed: true };
    }
    case 'advance':
    case 'set':
    case 'promote':
    case 'rollback': {
      const r = roles(route, opts);
      if ('error' in r) return r;
      const target = weightStep(step, currentWeights(route), r, (i) => destinationLabel(ds[i]), opts.ladder);
      if ('error' in target) return target;
      const { title, weights } = target;
      const changed = setWeightEdits(ws, vs, route, weights, edits);
      return { title, edits, changed };
    }
    case 'retire': {
      const weights = currentWeights(route);
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
    case 'header-route': {
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
      const lay = routeLayout(file, vs, route);
      const unit = indentUnit(file);
      const flush = flushSequences(file, vs, route.node, 'route') ?? true;
      const sp = (n: number) => ' '.repeat(n);
      const k = lay.keyCol;
      const seqDash = flush ? k : k + unit; // dash column of items under `match:` / `route:`
      const seqKey = seqDash + 2;
      const matchLines =
        step.match === 'cookie'
          ? [`${sp(seqKey)}headers:`, `${sp(seqKey + unit)}cookie:`, `${sp(seqKey + 2 * unit)}regex: ".*canary=true.*"`]
          : step.match === 'user-agent'
            ? [`${sp(seqKey)}headers:`, `${sp(seqKey + unit)}user-agent:`, `${sp(seqKey + 2 * unit)}exact: canary`]
            : [`${sp(seqKey)}headers:`, `${sp(seqKey + unit)}end-user:`, `${sp(seqKey + 2 * unit)}exact: canary-tester`];
      matchLines[0] = `${sp(seqDash)}- ${matchLines[0].trimStart()}`;
      const lines = [
        `${sp(lay.dashCol)}-${sp(Math.max(1, k - lay.dashCol - 1))}match:`,
        ...matchLines,
        `${sp(k)}route:`,
        `${sp(seqDash)}- destination:`,
        `${sp(seqKey + unit)}host: ${canaryDest.host.value}`,
        `${sp(seqKey + unit)}subset: ${canaryName}`,
      ];
      addEdit(edits, vs.uri, insertLines(file.text, lay.lineStart, lines));
      if (create) insertSubset(ws, create, edits);
      const what =
        step.match === 'cookie' ? 'cookie canary=true' : step.match === 'user-agent' ? 'header user-agent: canary' : 'header end-user: canary-tester';
      return { title: `Add canary route: ${what} → ${canaryName}`, edits, changed: true };
    }
  }
}

/** The HTTP route of a VirtualService that contains `offset`. */
export function routeAt(vs: Resource, offset: number): Route | undefined {
  if (vs.view?.type !== 'VirtualService') return undefined;
  return vs.view.vs.http.find((r) => {
    const [s, e] = span(vs, r.node);
    return offset >= s - 10 && offset <= e;
  });
}
