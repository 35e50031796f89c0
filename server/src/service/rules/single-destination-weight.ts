import { span } from '../model';
import { routeLabel, vsRoutes } from '../query/routes';
import { defineRule } from '../rule';

export default defineRule({
  id: 'single-destination-weight',
  severity: 'warning',
  category: 'traffic',
  title: 'A route with a single destination whose weight is set below 100: it still gets all traffic, so the weight says something untrue.',
  upstream: ['KIA1104'],
  kinds: ['VirtualService'],
  check(res, ctx) {
    for (const route of vsRoutes(res)) {
      if (route.destinations.length !== 1) continue;
      const w = route.destinations[0].weight;
      if (!w || w.value === undefined || w.value >= 100 || w.value < 0) continue;
      const [start, end] = span(res, w.node);
      ctx.report({
        start,
        end,
        message: `The only destination of ${routeLabel(route)} has weight ${w.value}, but a single destination receives all traffic. Set 100 or remove the weight (or add the other destination).`,
        data: { resource: res.key, routeIndex: route.index },
      });
    }
  },
});
