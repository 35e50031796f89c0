import { span } from '../model';
import { defineRule } from '../rule';
import { getPair } from '../yamlutil';

export default defineRule({
  id: 'route-conflicting-actions',
  severity: 'error',
  category: 'structure',
  title: 'An HTTP route with more than one of `route`, `redirect` and `directResponse` (Istio accepts exactly one).',
  kinds: ['VirtualService'],
  check(res, ctx) {
    if (res.view?.type !== 'VirtualService') return;
    for (const route of res.view.vs.http) {
      const present = ['route', 'redirect', 'directResponse'].filter((k) => getPair(route.node, k));
      if (present.length < 2) continue;
      const second = getPair(route.node, present[1])!;
      const [start, end] = span(res, second.key as never);
      ctx.report({
        start,
        end,
        message: `http[${route.index}] has both ${present.map((p) => `\`${p}\``).join(' and ')}: an HTTP route may have only one of route, redirect and directResponse; Istio rejects it.`,
        data: { resource: res.key, routeIndex: route.index, present },
      });
    }
  },
});
