import { defineRule } from '../rule';
import { displayName, span } from '../model';
import { toFQDN } from '../hosts';
import { findSubset } from '../links';
import { closest } from '../text';
import type { Str } from '../model';

export default defineRule({
  id: 'unknown-subset',
  severity: 'error',
  title: 'A destination names a subset that no DestinationRule for its host defines.',
  fixes: [{ kind: 'suggestion', title: 'Use an existing subset of the DestinationRule (closest names first)' }, { kind: 'suggestion', title: 'Add the subset to the DestinationRule (labels from a workload the Service selects)' }],
  upstream: ['IST0101', 'KIA1107'],
  kinds: ['VirtualService'],
  check(res, ctx) {
    if (res.view?.type !== 'VirtualService') return;
    const v = res.view.vs;
    const check = (host: Str | undefined, subset: Str | undefined, extra: Record<string, unknown>) => {
      if (!subset || !host) return;
      const fqdn = toFQDN(host.value, res.namespace);
      const { drs, matches, available } = findSubset(ctx.ws, fqdn, subset.value);
      if (matches.length) return;
      const [start, end] = span(res, subset.node);
      // Version-like names (v1, v3) are distinct releases, not typos of each other.
      const versionLike = (s: string) => /^v?\d+$/i.test(s);
      const suggestion = closest(subset.value, available.filter((a) => !(versionLike(a) && versionLike(subset.value))));
      const message = drs.length
        ? `Subset ${subset.value} is not defined by ${drs.map((d) => `DestinationRule ${d.name}`).join(', ')} for host ${fqdn} (${available.length ? `defined: ${available.join(', ')}` : 'it defines no subsets'})${suggestion ? `. Did you mean ${suggestion}?` : '.'} Requests routed here fail with 503 (no healthy upstream).`
        : `Subset ${subset.value}: no DestinationRule for host ${fqdn} exists in the workspace, so no subset is defined. Requests routed here fail with 503 (no healthy upstream).`;
      ctx.report({
        start,
        end,
        message,
        data: {
          resource: res.key,
          display: displayName(res),
          host: host.value,
          fqdn,
          subset: subset.value,
          available,
          suggestion,
          destinationRules: drs.map((d) => ({ key: d.key, uri: d.uri })),
          ...extra,
        },
        related: drs.map((d) => {
          const [s, e] = span(d, d.nameNode ?? d.node);
          return { uri: d.uri, start: s, end: e, message: `DestinationRule ${d.name} (${ctx.ws.relativePath(d.uri)})` };
        }),
      });
    };
    for (const route of [...v.http, ...v.tcp, ...v.tls]) {
      for (const d of route.destinations) check(d.host, d.subset, { protocol: route.protocol, routeIndex: route.index, destinationIndex: d.index });
      if (route.mirror) check(route.mirror.host, route.mirror.subset, { protocol: route.protocol, routeIndex: route.index, mirror: true });
    }
  },
});
