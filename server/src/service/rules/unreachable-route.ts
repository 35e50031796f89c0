import { span } from '../model';
import { routeLabel } from '../query/routes';
import { defineRule } from '../rule';
import { analyzeMatches } from './_matches';

export default defineRule({
  id: 'unreachable-route',
  severity: 'warning',
  category: 'traffic',
  title: 'A route that no request reaches: after a catch-all route (no match), or all of whose matches earlier routes already take.',
  upstream: ['IST0130'],
  kinds: ['VirtualService'],
  check(res, ctx) {
    for (const i of analyzeMatches(res)) {
      if (i.kind !== 'unreachable') continue;
      const [start] = span(res, i.route.node);
      ctx.report({
        start,
        end: start + 1,
        message: `${routeLabel(i.route)} is never used: ${i.reason}. Reorder the routes (most specific first) or remove it.`,
        data: { resource: res.key, protocol: i.route.protocol, routeIndex: i.route.index },
      });
    }
  },
});
