import { displayName, span } from '../model';
import { mergedDestinationRules } from '../query/destinationrules';
import { defineRule } from '../rule';

export default defineRule({
  id: 'conflicting-destinationrule-subset',
  severity: 'warning',
  category: 'workspace',
  title: 'Several DestinationRules for the same host define the same subset name.',
  upstream: ['KIA0201'],
  kinds: ['DestinationRule'],
  check(res, ctx) {
    // Istio merges the DestinationRules of one host within a namespace; across namespaces each
    // client uses its own namespace's rule first (then the Service's), so those do not clash.
    const merged = mergedDestinationRules(ctx.ws, res);
    if (!merged) return;
    const { fqdn, others } = merged;
    for (const s of merged.dr.subsets) {
      if (!s.name) continue;
      const clash = others.filter((o) => o.view?.type === 'DestinationRule' && o.view.dr.subsets.some((x) => x.name?.value === s.name!.value));
      if (!clash.length) continue;
      const [start, end] = span(res, s.name.node);
      ctx.report({
        start,
        end,
        message: `Subset ${s.name.value} of host ${fqdn} is also defined by ${clash.map((o) => `${displayName(o)} (${ctx.ws.relativePath(o.uri)})`).join(', ')}: which definition applies is undefined. Keep each subset in one DestinationRule.`,
        data: { resource: res.key, subset: s.name.value, others: clash.map((o) => o.key) },
      });
    }
  },
});
