import { isRoute, routeView } from '../gatewayapi';
import { span } from '../model';
import { backendSplit, splitSentence } from '../query/weights';
import { defineRule } from '../rule';

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
      const split = backendSplit(rule);
      const label = (i: number) => split.targets[i].label;
      const data = { resource: res.key, ruleIndex: rule.index, weights: split.targets.map((t) => t.weight), backends: split.targets.map((t) => t.label) };
      const anchor = rule.backendRefsNode ?? rule.node;
      if (split.sendsNothing) {
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
      const explicit = split.targets.filter((t) => t.present).length;
      if (explicit && explicit < refs.length) {
        const [start, end] = span(res, anchor);
        ctx.report({
          start,
          end,
          severity: 'info',
          message: `Some backendRefs have no weight, which defaults to 1: the effective split is ${splitSentence(split)}. Write every weight to make the split explicit.`,
          data,
        });
      }
    }
  },
});
