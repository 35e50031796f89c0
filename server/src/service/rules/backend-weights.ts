import { isRoute, routeView } from '../gatewayapi';
import { span } from '../model';
import { defineRule } from '../rule';
import { percent } from '../text';

export default defineRule({
  id: 'backend-weights',
  severity: 'error',
  category: 'gateway-api',
  title: 'Gateway API backendRefs whose weights send nothing anywhere (all 0), or a split that mixes explicit and default weights.',
  kinds: ['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute'],
  check(res, ctx) {
    if (!isRoute(res)) return;
    const view = routeView(res);
    if (!view) return;
    for (const rule of view.rules) {
      const refs = rule.backendRefs;
      if (!refs.length) continue;
      const total = refs.reduce((s, b) => s + Math.max(0, b.weight), 0);
      const label = (i: number) => refs[i].name?.value ?? `backend ${i + 1}`;
      const data = { resource: res.key, ruleIndex: rule.index, weights: refs.map((b) => b.weight), backends: refs.map((_b, i) => label(i)) };
      const anchor = rule.backendRefsNode ?? rule.node;
      if (total === 0) {
        const [start, end] = span(res, refs.length === 1 ? (refs[0].weightNode ?? refs[0].node) : anchor);
        ctx.report({
          start,
          end,
          message:
            refs.length === 1
              ? `The only backend (${label(0)}) has weight 0: every request of this rule gets HTTP 500. Remove the weight (it defaults to 1) or add a backend.`
              : `Every backendRef has weight 0: every request of this rule gets HTTP 500. Give at least one backend a positive weight.`,
          data,
        });
        continue;
      }
      const explicit = refs.filter((b) => b.weightNode).length;
      if (explicit && explicit < refs.length) {
        const [start, end] = span(res, anchor);
        ctx.report({
          start,
          end,
          severity: 'info',
          message: `Some backendRefs have no weight, which defaults to 1: the effective split is ${refs.map((b, i) => `${label(i)} ${percent(Math.max(0, b.weight), total)}`).join(', ')}. Write every weight to make the split explicit.`,
          data,
        });
      }
    }
  },
});
