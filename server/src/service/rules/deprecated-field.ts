import { span } from '../model';
import { defineRule } from '../rule';
import { pairsOf } from './_walk';

/** Deprecated fields: where they sit (path pattern) and what replaces them. */
const DEPRECATED: { test: (path: (string | number)[], key: string) => boolean; instead: string }[] = [
  {
    test: (p, k) => k === 'percent' && /\/fault\/(delay|abort)$/.test(`/${p.slice(0, -1).join('/')}`),
    instead: '`percentage: {value: <0-100>}` (a double: fractions of a percent are allowed)',
  },
  { test: (p, k) => k === 'mirrorPercent' && p[0] === 'spec', instead: '`mirrorPercentage: {value: <0-100>}`' },
  {
    test: (p, k) => k === 'consecutiveErrors' && p.includes('outlierDetection'),
    instead: '`consecutive5xxErrors` (and `consecutiveGatewayErrors` for 502/503/504 only)',
  },
  {
    test: (p, k) => k === 'egressProxy' && p.includes('outboundTrafficPolicy'),
    instead: 'an egress gateway (route the traffic there with a VirtualService); `egressProxy` may be removed in a future release',
  },
];

export default defineRule({
  id: 'deprecated-field',
  severity: 'warning',
  category: 'schema',
  title: 'A deprecated field (fault `percent`, `mirrorPercent`, outlierDetection `consecutiveErrors`, Sidecar `egressProxy`), with what to use instead.',
  upstream: ['IST0002'],
  kinds: ['VirtualService', 'DestinationRule', 'Sidecar'],
  check(res, ctx) {
    if (res.group !== 'networking.istio.io') return;
    for (const v of pairsOf(res)) {
      const hit = DEPRECATED.find((d) => d.test(v.path, v.key));
      if (!hit) continue;
      const [start, end] = span(res, v.pair.key);
      ctx.report({
        start,
        end,
        message: `\`${v.key}\` is deprecated: use ${hit.instead}.`,
        data: { resource: res.key, path: v.path, field: v.key },
      });
    }
  },
});
