/**
 * The effective split of a route: the one place that reads weights, applies their defaults and
 * totals them. Rules, hover, code lens, symbols, canary steps, the route simulation and the
 * playground all take a route's split from here, so they all state the same one.
 *
 * VirtualService (`http`/`tcp`/`tls` routes; Istio's route translation and validation):
 * - A route with a single destination sends it every request, whatever its weight (Istio
 *   translates a lone destination to a plain cluster route; a weight of 0 there becomes 100).
 * - With several destinations, weights are relative (Istio ≥ 1.15 no longer requires a total of
 *   100): a destination gets weight / total of the route. A missing weight is 0 (the proto
 *   default), and a destination with weight 0 is left out of the weighted clusters: it gets
 *   nothing.
 * - Every weight 0 (or missing) with several destinations: no cluster is left, nothing is routed.
 * - A negative weight is rejected by validation (0 to 100); a weight that is not a number is
 *   rejected by the schema. Both count as 0 here, and the rules report them.
 *
 * Gateway API `backendRefs` (the spec of `weight`, and Istio's translation of it):
 * - A missing weight is 1, not 0; weights are relative (weight / sum of the rule's weights).
 * - A backend with weight 0 gets nothing, even when it is the only one: the spec gives a lone
 *   backend everything only when its weight is above 0.
 * - Every weight 0 (or no backendRefs): no backend is left and the gateway answers HTTP 500.
 * - Negative or non-numeric weights are rejected by the CRD (minimum 0, integer); they count as
 *   0 and 1 (the default) here.
 *
 * Who manages a route's weights (Argo Rollouts, Flagger, an annotation or a comment) is
 * `weightOwner` in `query/managed.ts`, re-exported here: fixes and canary steps leave such
 * weights alone.
 */

import type { BackendRef, RouteRule } from '../gatewayapi';
import { destinationLabel } from '../links';
import type { Route } from '../model';
import { percent } from '../text';
import { scalarNumber } from '../yamlutil';

export { managingController, type WeightOwner, weightOwner } from './managed';

/** What a whole split totals when written in percent: canary steps and normalising fixes write weights that total this. */
export const FULL_SPLIT = 100;
/** A Gateway API backendRef without `weight` counts as this (the spec's default). */
export const BACKEND_DEFAULT_WEIGHT = 1;
/** A VirtualService destination without `weight` counts as this when the route has others (the proto default). */
export const DESTINATION_DEFAULT_WEIGHT = 0;

/** One destination (or backendRef) of a route, with its weight as written and as applied. */
export interface WeightedTarget {
  /** `v2` (subset), `reviews` (host or backend name), `destination 2` / `backend 2` when it has neither. */
  label: string;
  /** The weight as written, when it is a number (negative ones included). */
  written: number | undefined;
  /** A `weight` key is present (its value may not be a number). */
  present: boolean;
  /** The weight the data plane applies: defaults filled in, negatives as 0, a lone VirtualService destination's as its whole share. */
  weight: number;
  /** `70%`, `81.8%`: this target's share of the route's requests. */
  percent: string;
}

export interface RouteSplit {
  targets: WeightedTarget[];
  /** The sum of the weights as written (missing ones as 0, negative ones as written): the total that messages quote. */
  writtenTotal: number;
  /** The sum of the applied weights: each target's share is weight / total. */
  total: number;
  /** False when a weight is present but is not a number (the schema rules report that). */
  numeric: boolean;
  /** No request reaches any target: no targets, or every applied weight is 0. */
  sendsNothing: boolean;
}

function sum(ws: number[]): number {
  return ws.reduce((a, w) => a + w, 0);
}

function splitOf(targets: Omit<WeightedTarget, 'percent'>[]): RouteSplit {
  const total = sum(targets.map((t) => t.weight));
  return {
    targets: targets.map((t) => ({ ...t, percent: percent(t.weight, total) })),
    writtenTotal: sum(targets.map((t) => t.written ?? 0)),
    total,
    numeric: targets.every((t) => !t.present || t.written !== undefined),
    sendsNothing: total <= 0,
  };
}

/** The effective split of a VirtualService route's destinations (see the module comment for Istio's rules). */
export function destinationSplit(route: Route): RouteSplit {
  const lone = route.destinations.length === 1;
  return splitOf(
    route.destinations.map((d) => {
      const written = d.weight?.value;
      const applied = Math.max(0, written ?? DESTINATION_DEFAULT_WEIGHT);
      // A lone destination gets every request: Istio gives it weight 100 when it is written 0 or left out.
      return { label: destinationLabel(d), written, present: !!d.weight, weight: lone && applied === 0 ? FULL_SPLIT : applied };
    }),
  );
}

/** The name of a backendRef for messages: its `name`, else its position. */
export function backendLabel(b: BackendRef): string {
  return b.name?.value ?? `backend ${b.index + 1}`;
}

/** The effective split of a Gateway API rule's backendRefs (see the module comment for the spec's rules). */
export function backendSplit(rule: RouteRule): RouteSplit {
  return splitOf(
    rule.backendRefs.map((b) => {
      const written = b.weightNode ? scalarNumber(b.weightNode) : undefined;
      return { label: backendLabel(b), written, present: !!b.weightNode, weight: Math.max(0, written ?? BACKEND_DEFAULT_WEIGHT) };
    }),
  );
}

/** The applied weights as whole percentages that total exactly 100 (all 0 when the route sends nothing): what canary steps start from. */
export function splitPercents(split: RouteSplit): number[] {
  const ws = split.targets.map((t) => t.weight);
  return split.sendsNothing ? ws.map(() => 0) : largestRemainder(ws, FULL_SPLIT);
}

/** Whole weights totalling 100 in the split's ratio, or an even split when it sends nothing: what normalising fixes write. */
export function normalizedWeights(split: RouteSplit): number[] {
  return largestRemainder(
    split.targets.map((t) => t.weight),
    FULL_SPLIT,
  );
}

/** The weight target `i` needs for the route to total 100 with the others' applied weights unchanged (at least 0). */
export function weightLeftFor(split: RouteSplit, i: number): number {
  return Math.max(0, FULL_SPLIT - sum(split.targets.map((t, k) => (k === i ? 0 : t.weight))));
}

/** Largest-remainder rounding: integers proportional to `weights` (negatives as 0) that total exactly `total`; an even split when they are all 0. */
export function largestRemainder(weights: number[], total: number): number[] {
  const clamped = weights.map((w) => Math.max(0, w));
  const whole = sum(clamped);
  if (whole <= 0) {
    const base = Math.floor(total / weights.length);
    const out = weights.map(() => base);
    for (let i = 0; i < total - base * weights.length; i++) out[i]++;
    return out;
  }
  const exact = clamped.map((w) => (w / whole) * total);
  const out = exact.map(Math.floor);
  let rest = total - sum(out);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (rest <= 0) break;
    out[i]++;
    rest--;
  }
  return out;
}

/** `v1 70% · v2 30%`: the split in a code lens, a symbol's detail, a hover. */
export function splitSummary(split: RouteSplit): string {
  return split.targets.map((t) => `${t.label} ${t.percent}`).join(' · ');
}

/** `v1 gets 70%, v2 30%` (with `verb`) or `v1 70%, v2 30%`: the split inside a sentence of a message. */
export function splitSentence(split: RouteSplit, verb?: string): string {
  return split.targets.map((t, i) => `${t.label}${i === 0 && verb ? ` ${verb}` : ''} ${t.percent}`).join(', ');
}
