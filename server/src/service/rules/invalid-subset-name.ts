import { span } from '../model';
import { defineRule } from '../rule';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export default defineRule({
  id: 'invalid-subset-name',
  severity: 'error',
  category: 'schema',
  title: 'A DestinationRule subset name that is not a DNS-1123 label, or that appears twice in the DestinationRule.',
  kinds: ['DestinationRule'],
  check(res, ctx) {
    if (res.view?.type !== 'DestinationRule') return;
    const seen = new Map<string, number>();
    for (const s of res.view.dr.subsets) {
      if (!s.name) {
        const [start, end] = span(res, s.node);
        ctx.report({ start, end, message: 'Subset without a `name`: Istio rejects the DestinationRule.', data: { resource: res.key, index: s.index } });
        continue;
      }
      const name = s.name.value;
      const [start, end] = span(res, s.name.node);
      if (!DNS1123_LABEL.test(name) || name.length > 63)
        ctx.report({
          start,
          end,
          message: `Subset name \`${name}\` is not a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters, starting and ending with a letter or digit).`,
          data: { resource: res.key, subset: name },
        });
      if (seen.has(name))
        ctx.report({
          start,
          end,
          message: `Subset \`${name}\` is defined twice in this DestinationRule (also subset ${seen.get(name)! + 1}); Istio rejects duplicate subset names.`,
          data: { resource: res.key, subset: name },
        });
      else seen.set(name, s.index);
    }
  },
});
