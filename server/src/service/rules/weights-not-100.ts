import type { FileEdits } from '../edits/edits';
import { setWeightEdits } from '../edits/weights';
import { normalizedWeights, splitSentence } from '../query/weights';
import { defineRule } from '../rule';
import { type RouteWeightsData, routeData, routeKeySpan, weightedRoutes, weightFixes } from './_weights';

export default defineRule<RouteWeightsData>({
  id: 'weights-not-100',
  severity: 'warning',
  category: 'traffic',
  title: 'Route weights do not total 100; Istio treats them as relative, and the message states the effective split.',
  fixes: [{ kind: 'suggestion', title: 'Normalize weights to 100, keeping their ratios' }],
  kinds: ['VirtualService'],
  check(res, ctx) {
    for (const wr of weightedRoutes(res)) {
      if (!wr.numeric || wr.route.destinations.length < 2 || wr.total <= 0 || wr.total === 100) continue;
      if (wr.weights.some((w) => w !== undefined && w < 0)) continue;
      if (wr.weights.every((w) => w === undefined)) continue;
      const [start, end] = routeKeySpan(res, wr.route);
      ctx.report({
        start,
        end,
        message: `Weights total ${wr.total}, not 100: Istio treats them as relative, so ${splitSentence(wr.split, 'gets')}. Write weights that total 100 to state the split you mean.`,
        data: routeData(res, wr),
      });
    }
  },
  fix(f, ctx) {
    return weightFixes(f, ctx, (res, route, split) => {
      const norm = normalizedWeights(split);
      const edits: FileEdits = new Map();
      setWeightEdits(ctx.ws, res, route, norm, edits);
      return [{ title: `Normalize weights to 100 (${norm.join('/')})`, kind: 'suggestion', preferred: true, edits }];
    });
  },
});
