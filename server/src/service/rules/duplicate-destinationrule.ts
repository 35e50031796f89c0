import { displayName, resourceSpan, span } from '../model';
import { mergedDestinationRules } from '../query/destinationrules';
import { defineRule } from '../rule';

export default defineRule({
  id: 'duplicate-destinationrule',
  severity: 'warning',
  category: 'workspace',
  title:
    "Two DestinationRules for the same host in one namespace, not split by exportTo or workloadSelector: only the oldest one's traffic policy takes effect.",
  upstream: ['KIA0201'],
  kinds: ['DestinationRule'],
  check(res, ctx) {
    const merged = mergedDestinationRules(ctx.ws, res);
    if (!merged) return;
    const [start, end] = span(res, merged.host.node);
    const { fqdn, others } = merged;
    ctx.report({
      start,
      end,
      message: `${displayName(res)} and ${others.map((o) => `${displayName(o)} (${ctx.ws.relativePath(o.uri)})`).join(', ')} are DestinationRules for host ${fqdn} in namespace ${res.namespace}: Istio uses the traffic policy of only one of them (the oldest) and merges subsets only where names do not clash. Keep one DestinationRule per host, or split them with exportTo or workloadSelector.`,
      data: { resource: res.key, host: fqdn, others: others.map((o) => o.key) },
      related: others.map((o) => {
        const [s, e] = resourceSpan(o);
        return { uri: o.uri, start: s, end: e, message: `also a DestinationRule for ${fqdn}` };
      }),
    });
  },
});
