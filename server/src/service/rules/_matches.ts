/** Unreachable routes and ineffective matches of a VirtualService (shared by unreachable-route and ineffective-match). */
import type { Document, Node } from 'yaml';
import type { Resource, Route } from '../model';
import { routeLabel } from '../query/routes';
import { seqItems } from '../yamlutil';

export interface MatchIssue {
  route: Route;
  /** Unreachable route (IST0130) or one match of it that earlier matches already cover (IST0131). */
  kind: 'unreachable' | 'ineffective';
  reason: string;
  match?: Node;
  matchIndex?: number;
  by?: Route;
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v as object)
      .filter((k) => k !== 'name')
      .sort()
      .map((k) => `${k}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

type Match = Record<string, unknown>;

/** Does HTTP match `a` (earlier) catch every request that `b` catches? Prefix URIs (with an optional method) only. */
function covers(a: Match, b: Match): boolean {
  const keys = Object.keys(a).filter((k) => k !== 'name');
  if (!keys.length || !keys.every((k) => k === 'uri' || k === 'method')) return false;
  const au = a.uri as Record<string, unknown> | undefined;
  const bu = b.uri as Record<string, unknown> | undefined;
  if (!au || typeof au.prefix !== 'string' || !bu || typeof bu.prefix !== 'string') return false;
  if (!bu.prefix.startsWith(au.prefix)) return false;
  if (a.method !== undefined && canonical(a.method) !== canonical(b.method)) return false;
  return true;
}

export function analyzeMatches(res: Resource): MatchIssue[] {
  if (res.view?.type !== 'VirtualService') return [];
  const doc: Document = res.doc.doc;
  const out: MatchIssue[] = [];
  for (const routes of [res.view.vs.http, res.view.vs.tcp, res.view.vs.tls]) {
    const seen = new Map<string, Route>();
    const earlier: { m: Match; route: Route }[] = [];
    let catchAll: Route | undefined;
    for (const route of routes) {
      const matches = seqItems(route.matchNode, doc);
      if (!matches.length) {
        if (catchAll)
          out.push({
            route,
            kind: 'unreachable',
            reason: `only the last rule can have no matches; ${routeLabel(catchAll)} already matches every request`,
            by: catchAll,
          });
        else catchAll = route;
        continue;
      }
      if (catchAll) {
        out.push({ route, kind: 'unreachable', reason: `it comes after ${routeLabel(catchAll)}, which has no match and takes every request`, by: catchAll });
        continue;
      }
      let dup = 0;
      matches.forEach((node, i) => {
        let value: Match;
        try {
          value = (node as { toJS(d: Document): Match }).toJS(doc) ?? {};
        } catch {
          return;
        }
        const key = canonical(value);
        const prior = seen.get(key);
        const cover = route.protocol === 'http' ? earlier.find((e) => covers(e.m, value)) : undefined;
        if (prior) {
          dup++;
          out.push({
            route,
            kind: 'ineffective',
            match: node,
            matchIndex: i,
            by: prior,
            reason: `the same match is in ${prior === route ? 'this rule already' : `rule ${routeLabel(prior)}`}`,
          });
        } else if (cover) {
          // Covered by a broader prefix: reported, but (as istioctl does) it does not make the route unreachable.
          out.push({
            route,
            kind: 'ineffective',
            match: node,
            matchIndex: i,
            by: cover.route,
            reason: `${cover.route === route ? 'an earlier match of this rule' : `rule ${routeLabel(cover.route)}`} has a broader URI prefix that takes these requests first`,
          });
        } else seen.set(key, route);
        earlier.push({ m: value, route });
      });
      if (dup === matches.length) out.push({ route, kind: 'unreachable', reason: 'all its matches are used by prior rules' });
    }
  }
  return out;
}
