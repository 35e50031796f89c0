import { span } from '../model';
import { routeLabel } from '../query/routes';
import { defineRule } from '../rule';
import { analyzeMatches } from './_matches';

export default defineRule({
  id: 'ineffective-match',
  severity: 'info',
  category: 'traffic',
  title: 'A match that duplicates an earlier one (names aside), or that an earlier, broader URI prefix match already takes.',
  upstream: ['IST0131'],
  kinds: ['VirtualService'],
  check(res, ctx) {
    for (const i of analyzeMatches(res)) {
      if (i.kind !== 'ineffective' || !i.match) continue;
      const [start, end] = span(res, i.match);
      ctx.report({
        start,
        end,
        message: `Match ${i.matchIndex} of ${routeLabel(i.route)} is never used: ${i.reason}.`,
        data: { resource: res.key, protocol: i.route.protocol, routeIndex: i.route.index, matchIndex: i.matchIndex },
      });
    }
  },
});
