import { toFQDN } from '../hosts';
import { span } from '../model';
import { vsRoutes } from '../query/routes';
import { defineRule } from '../rule';

export default defineRule({
  id: 'duplicate-destination',
  severity: 'warning',
  category: 'traffic',
  title: 'The same host and subset (and port) twice in one route.',
  upstream: ['KIA1105'],
  kinds: ['VirtualService'],
  check(res, ctx) {
    for (const route of vsRoutes(res)) {
      const seen = new Map<string, number>();
      for (const d of route.destinations) {
        if (!d.host) continue;
        const key = `${toFQDN(d.host.value, res.namespace)}|${d.subset?.value ?? ''}|${d.port?.number ?? ''}`;
        const first = seen.get(key);
        if (first === undefined) {
          seen.set(key, d.index);
          continue;
        }
        const [start, end] = span(res, d.subset?.node ?? d.host.node);
        ctx.report({
          start,
          end,
          message: `Destination ${d.index + 1} of ${route.protocol}[${route.index}] repeats destination ${first + 1} (${d.host.value}${d.subset ? ` subset ${d.subset.value}` : ''}): merge them into one with the summed weight.`,
          data: { resource: res.key, routeIndex: route.index, destinationIndex: d.index },
        });
      }
    }
  },
});
