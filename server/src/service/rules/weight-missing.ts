import { span } from '../model';
import { defineRule } from '../rule';
import { destinationLabel } from '../links';
import { routeData, weightedRoutes } from './_weights';

export default defineRule({
  id: 'weight-missing',
  severity: 'warning',
  title: 'In a route with several destinations, a destination without `weight` receives no traffic.',
  fixes: [{ kind: 'suggestion', title: 'Give the destination an explicit weight (100 minus the others)' }],
  kinds: ['VirtualService'],
  check(res, ctx) {
    for (const wr of weightedRoutes(res)) {
      if (wr.route.destinations.length < 2) continue;
      if (wr.weights.every((w) => w === undefined)) continue; // weights-invalid reports the route
      wr.route.destinations.forEach((d, i) => {
        if (d.weight) return;
        const [start, end] = span(res, (d.destinationPair?.key as never) ?? d.node);
        ctx.report({
          start,
          end,
          message: `Destination ${destinationLabel(d)} has no weight while the others do: a missing weight counts as 0, so it receives no traffic.`,
          data: { ...routeData(res, wr), destinationIndex: i },
        });
      });
    }
  },
});
