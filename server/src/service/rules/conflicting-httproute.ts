import { gatewayHostsIntersect, isRoute, type ParentRef, type RouteMatch, type RouteView, routeView } from '../gatewayapi';
import { displayName, type Resource, span } from '../model';
import { defineRule } from '../rule';

function parentKey(p: ParentRef): string | undefined {
  return p.name ? `${p.group}/${p.kind}/${p.namespace}/${p.name.value}/${p.sectionName?.value ?? ''}/${p.port ?? ''}` : undefined;
}

function matchKey(m: RouteMatch): string {
  const vals = (l: { type: string; name: string; value: string }[], lower: boolean) =>
    l
      .map((x) => `${x.type}:${lower ? x.name.toLowerCase() : x.name}=${x.value}`)
      .sort()
      .join('&');
  const path = m.path.type === 'PathPrefix' && m.path.value !== '/' ? m.path.value.replace(/\/+$/, '') : m.path.value;
  return `${m.path.type}:${path}|${(m.method ?? '').toUpperCase()}|${vals(m.headers, true)}|${vals(m.queryParams, false)}`;
}

function hostsOverlap(a: RouteView, b: RouteView): boolean {
  if (!a.hostnames.length || !b.hostnames.length) return true;
  return a.hostnames.some((x) => b.hostnames.some((y) => gatewayHostsIntersect(x.value, y.value)));
}

/** Gateway API tie-break between routes: the oldest, then namespace/name alphabetically. */
function wins(a: Resource, av: RouteView, b: Resource, bv: RouteView): boolean {
  const ta = av.creationTimestamp ?? '';
  const tb = bv.creationTimestamp ?? '';
  if (ta && tb && ta !== tb) return ta < tb;
  return `${a.namespace}/${a.name ?? ''}` < `${b.namespace}/${b.name ?? ''}`;
}

export default defineRule({
  id: 'conflicting-httproute',
  severity: 'warning',
  category: 'gateway-api',
  title: 'Two HTTPRoute rules on the same parent and hostnames have the same match: only one of them ever gets those requests.',
  kinds: ['HTTPRoute'],
  check(res, ctx) {
    if (!isRoute(res) || res.kind !== 'HTTPRoute') return;
    const view = routeView(res);
    if (!view) return;
    const parents = new Set(view.parentRefs.map(parentKey).filter((k): k is string => !!k));
    if (!parents.size) return;
    const reported = new Set<string>();
    // Earlier rules of the same route take an identical match first.
    const own = new Map<string, number>();
    for (const rule of view.rules)
      for (const m of rule.matches) {
        const k = matchKey(m);
        const prior = own.get(k);
        if (prior !== undefined && prior !== rule.index && !reported.has(`${rule.index}/${m.index}`)) {
          reported.add(`${rule.index}/${m.index}`);
          const [start, end] = span(res, m.node ?? rule.node);
          ctx.report({
            start,
            end,
            message: `Rule ${prior} of this route has the same match and comes first: this match of rule ${rule.index} never gets a request.`,
            data: { resource: res.key, ruleIndex: rule.index, matchIndex: m.index, other: res.key, otherRule: prior },
          });
        } else if (prior === undefined) own.set(k, rule.index);
      }
    for (const other of ctx.ws.ofKind('HTTPRoute')) {
      if (other === res || other.key === res.key || !isRoute(other)) continue;
      const ov = routeView(other);
      if (!ov?.parentRefs.some((p) => parents.has(parentKey(p) ?? '')) || !hostsOverlap(view, ov)) continue;
      if (wins(res, view, other, ov)) continue;
      const theirs = new Map<string, number>();
      for (const rule of ov.rules) for (const m of rule.matches) if (!theirs.has(matchKey(m))) theirs.set(matchKey(m), rule.index);
      for (const rule of view.rules)
        for (const m of rule.matches) {
          const hit = theirs.get(matchKey(m));
          if (hit === undefined || reported.has(`${rule.index}/${m.index}`)) continue;
          reported.add(`${rule.index}/${m.index}`);
          const [start, end] = span(res, m.node ?? rule.node);
          ctx.report({
            start,
            end,
            message: `${displayName(other)} rule ${hit} has the same match on the same parent and hostnames; Gateway API gives the requests to ${ov.creationTimestamp && view.creationTimestamp ? 'the older route' : 'the older route (in these files without timestamps: the first by namespace/name)'}, ${displayName(other)}, so this match never gets them.`,
            data: { resource: res.key, ruleIndex: rule.index, matchIndex: m.index, other: other.key, otherRule: hit },
          });
        }
    }
  },
});
