import type { FileEdits } from '../edits/edits';
import { setWeightEdits } from '../edits/weights';
import { destinationLabel } from '../links';
import { span } from '../model';
import { normalizedWeights } from '../query/weights';
import { defineRule } from '../rule';
import { type RouteWeightsData, routeData, routeKeySpan, weightedRoutes, weightFixes } from './_weights';

interface WeightsInvalidData extends RouteWeightsData {
  /** `negative`: one destination's weight (destinationIndex); `zero-total`: the route. */
  kind: 'negative' | 'zero-total';
}

export default defineRule<WeightsInvalidData>({
  id: 'weights-invalid',
  severity: 'error',
  category: 'traffic',
  title: 'A negative weight, or a route with several destinations whose weights total 0 (no traffic goes anywhere).',
  // One fix for both findings: weights normalized to 100 (query/weights.ts), which splits evenly when every weight is 0.
  fixes: [{ kind: 'suggestion', title: 'Normalize the weights to 100: negative weights as 0, an even split when all are 0' }],
  kinds: ['VirtualService'],
  check(res, ctx) {
    for (const wr of weightedRoutes(res)) {
      if (!wr.numeric) continue;
      let negative = false;
      wr.route.destinations.forEach((d, i) => {
        const w = wr.weights[i];
        if (w !== undefined && w < 0 && d.weight) {
          negative = true;
          const [start, end] = span(res, d.weight.node);
          ctx.report({
            start,
            end,
            message: `Weight ${w} of ${destinationLabel(d)} is negative; Istio rejects negative weights (0 to 100).`,
            data: { ...routeData(res, wr), destinationIndex: i, kind: 'negative' },
          });
        }
      });
      if (!negative && wr.route.destinations.length > 1 && wr.split.sendsNothing) {
        const [start, end] = routeKeySpan(res, wr.route);
        const none = wr.weights.every((w) => w === undefined);
        ctx.report({
          start,
          end,
          message: none
            ? `None of the ${wr.route.destinations.length} destinations has a weight: with several destinations a missing weight counts as 0, so the route sends traffic nowhere.`
            : `The weights of the ${wr.route.destinations.length} destinations total 0: the route sends traffic nowhere.`,
          data: { ...routeData(res, wr), kind: 'zero-total' },
        });
      }
    }
  },
  fix(f, ctx) {
    return weightFixes(f, ctx, (res, route, split) => {
      const edits: FileEdits = new Map();
      // Every weight 0: an even split. Negative weights: 0, the others keep their ratio.
      const weights = normalizedWeights(split);
      setWeightEdits(ctx.ws, res, route, weights, edits);
      if (f.data?.kind === 'zero-total') return [{ title: `Split traffic evenly (${weights.join('/')})`, kind: 'suggestion', preferred: false, edits }];
      if (f.data?.kind === 'negative')
        return [{ title: `Set negative weights to 0 and normalize to 100 (${weights.join('/')})`, kind: 'suggestion', preferred: true, edits }];
      return [];
    });
  },
});
