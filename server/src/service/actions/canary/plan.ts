/**
 * Canary planning, once for every kind of route: which target is the canary and which the stable
 * one, and the weights of each step along the ladder. It works on a common view of a route's
 * weighted targets (the destinations of a VirtualService route, the backendRefs of an HTTPRoute
 * rule); `virtualservice.ts` and `httproute.ts` adapt each kind and write the edits.
 */

import type { FileEdits } from '../../edits/edits';
import { versionRank } from '../../edits/subsets';
import { FULL_SPLIT, largestRemainder, type RouteSplit, splitPercents } from '../../query/weights';

export type CanaryStep =
  | { step: 'start' }
  | { step: 'advance' }
  | { step: 'set'; weight: number }
  | { step: 'promote' }
  | { step: 'rollback' }
  | { step: 'retire' }
  | { step: 'header-route'; match: 'end-user' | 'user-agent' | 'cookie' };

export type CanaryStepKind = CanaryStep['step'];

export interface CanaryOptions {
  canary?: string;
  stable?: string;
  ladder: number[];
}

export type StepResult = { title: string; edits: FileEdits; changed: boolean } | { error: string };

/** The first canary weight when the ladder is empty: a small share, so a bad release hurts few requests. */
export const DEFAULT_FIRST_CANARY_PERCENT = 5;

/**
 * How far before a route's first key a position still counts as on the route: the `- ` of its
 * sequence item and the indentation before it, so that a cursor at the start of the route's
 * line gets the route's canary steps.
 */
export const ROUTE_LEAD_CHARS = 10;

/** The requests a header-route step sends to the canary, and how its title names them. */
export const CANARY_MATCHES = {
  'end-user': { header: 'end-user', op: 'exact', value: 'canary-tester', title: 'header end-user: canary-tester' },
  'user-agent': { header: 'user-agent', op: 'exact', value: 'canary', title: 'header user-agent: canary' },
  cookie: { header: 'cookie', op: 'regex', value: '".*canary=true.*"', title: 'cookie canary=true' },
} as const;

/** The first weight of a new canary, and what the stable target keeps. */
export function firstSplit(opts: CanaryOptions): { canary: number; stable: number } {
  const canary = opts.ladder[0] ?? DEFAULT_FIRST_CANARY_PERCENT;
  return { canary, stable: FULL_SPLIT - canary };
}

/** A route's target as canary planning sees it. */
export interface CanaryTarget {
  /** What `--canary`/`--stable` name it by: a destination's subset (its host when it has none), a backendRef's Service. */
  name: string | undefined;
  /** How titles name it. */
  label: string;
  /** The weight the data plane applies (query/weights.ts). */
  weight: number;
  /** Its current share in percent, as canary steps read it (see canaryTargets). */
  percent: number;
}

/**
 * The targets of a split, with the names they are selected by. `percents` says how their
 * current percentages are read: `normalized` for Gateway API backendRefs, whose weights are
 * relative by design (the default is 1, so `1`/`1` is a 50/50 split); `as-written` for
 * VirtualService destinations, whose weights are written as percentages (Istio required a total
 * of 100 before 1.15, and weights-not-100 still warns otherwise), so a step starts from the
 * weights the author wrote and rewrites them to total 100.
 */
export function canaryTargets(split: RouteSplit, names: (string | undefined)[], percents: 'normalized' | 'as-written'): CanaryTarget[] {
  const normalized = splitPercents(split);
  return split.targets.map((t, i) => ({ name: names[i], label: t.label, weight: t.weight, percent: percents === 'normalized' ? normalized[i] : t.weight }));
}

export interface Roles {
  canary: number;
  stable: number;
}

/** How a kind of route words the errors of `chooseRoles`. */
export interface RoleWords {
  /** `The route has a single destination: start a canary first.` */
  single: string;
  /** `No destination of the route uses subset ${name}.` */
  unknown: (name: string) => string;
  /** `The canary and the stable destination are the same.` */
  same: string;
}

/**
 * Which target is the canary and which the stable one. Given names win. Otherwise the canary is
 * the target named like one (`reviews-canary`, subset `canary`), else the one newest version
 * (`v3` beside `v1` and `v2`), else the last (a canary is added after the stable target); the
 * stable one is the other target with the largest weight (the first on a tie). VirtualService
 * destinations and HTTPRoute backendRefs are chosen alike: only their names differ (subsets
 * there, Services here).
 */
export function chooseRoles(targets: CanaryTarget[], opts: Pick<CanaryOptions, 'canary' | 'stable'>, words: RoleWords): Roles | { error: string } {
  if (targets.length < 2) return { error: words.single };
  const byName = (n: string) => targets.findIndex((t) => t.name === n);
  let canary = opts.canary ? byName(opts.canary) : -1;
  if (opts.canary && canary === -1) return { error: words.unknown(opts.canary) };
  if (canary === -1) {
    const ranks = targets.map((t) => (t.name ? versionRank(t.name) : -1));
    const best = Math.max(...ranks);
    const named = targets.findIndex((t) => t.name !== undefined && /canary/.test(t.name));
    canary = named !== -1 ? named : best >= 0 && ranks.filter((r) => r === best).length === 1 ? ranks.indexOf(best) : targets.length - 1;
  }
  let stable = opts.stable ? byName(opts.stable) : -1;
  if (opts.stable && stable === -1) return { error: words.unknown(opts.stable) };
  if (stable === -1) {
    let best = -1;
    targets.forEach((t, i) => {
      if (i !== canary && t.weight > best) {
        best = t.weight;
        stable = i;
      }
    });
  }
  if (stable === canary) return { error: words.same };
  return { canary, stable };
}

/** Percentages with the canary at `c`%: the other targets share the rest in their current ratio (all to the stable one when they have none). */
function redistribute(cur: number[], r: Roles, c: number): number[] {
  const out = cur.map(() => 0);
  out[r.canary] = c;
  const others = cur.map((_, i) => i).filter((i) => i !== r.canary);
  const otherWeights = others.map((i) => cur[i]);
  if (otherWeights.every((w) => w === 0)) out[r.stable] = FULL_SPLIT - c;
  else {
    const split = largestRemainder(otherWeights, FULL_SPLIT - c);
    others.forEach((i, k) => {
      out[i] = split[k];
    });
  }
  return out;
}

export type WeightStep = Extract<CanaryStep, { step: 'advance' | 'set' | 'promote' | 'rollback' }>;

/** The title and target percentages of a weight step, from the targets' current percentages. */
export function weightStep(step: WeightStep, targets: CanaryTarget[], r: Roles, ladder: number[]): { title: string; weights: number[] } | { error: string } {
  const cur = targets.map((t) => t.percent);
  const now = cur[r.canary];
  const cname = targets[r.canary].label;
  const only = (k: number) => cur.map((_, i) => (i === k ? FULL_SPLIT : 0));
  switch (step.step) {
    case 'advance': {
      const next = ladder.find((w) => w > now);
      if (next === undefined)
        return { error: `The canary ${cname} is already at ${now}%, the end of the ladder (${ladder.join(', ')}): retire the old version next.` };
      return { title: `Advance canary: ${cname} ${now}% → ${next}%`, weights: redistribute(cur, r, next) };
    }
    case 'set':
      if (!Number.isInteger(step.weight) || step.weight < 0 || step.weight > FULL_SPLIT)
        return { error: `Weight must be an integer from 0 to 100, got ${step.weight}.` };
      return { title: `Set canary ${cname} to ${step.weight}%`, weights: redistribute(cur, r, step.weight) };
    case 'promote':
      return { title: `Promote canary: ${cname} takes all traffic`, weights: only(r.canary) };
    case 'rollback':
      return { title: `Roll back canary: ${targets[r.stable].label} takes all traffic`, weights: only(r.stable) };
  }
}

/** Code actions offer no `set` step to 0% or 100%: roll back and promote say the same better. */
export function offeredSetWeights(ladder: number[]): number[] {
  return ladder.filter((w) => w > 0 && w < FULL_SPLIT);
}
