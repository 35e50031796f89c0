import { span } from '../model';
import { defineRule } from '../rule';
import { closest } from '../text';
import { get, scalarString } from '../yamlutil';

/** Envoy's x-envoy-retry-on and x-envoy-retry-grpc-on policies that Istio accepts. */
const POLICIES = [
  '5xx',
  'gateway-error',
  'reset',
  'reset-before-request',
  'connect-failure',
  'envoy-ratelimited',
  'retriable-4xx',
  'refused-stream',
  'retriable-status-codes',
  'retriable-headers',
  'http3-post-connect-failure',
  'cancelled',
  'deadline-exceeded',
  'internal',
  'resource-exhausted',
  'unavailable',
];

export default defineRule({
  id: 'invalid-retry-on',
  severity: 'error',
  category: 'schema',
  title: '`retries.retryOn` with a policy Envoy does not know (valid: 5xx, gateway-error, reset, connect-failure, retriable-4xx, … or an HTTP status code).',
  kinds: ['VirtualService'],
  check(res, ctx) {
    if (res.view?.type !== 'VirtualService') return;
    for (const route of res.view.vs.http) {
      const node = get(get(route.node, 'retries', res.doc.doc), 'retryOn', res.doc.doc);
      const value = scalarString(node);
      if (!node || value === undefined) continue;
      const bad = value
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p && !POLICIES.includes(p) && !(/^\d{3}$/.test(p) && Number(p) >= 100 && Number(p) <= 599));
      if (!bad.length) continue;
      const [start, end] = span(res, node);
      const hints = bad.map((b) => {
        const c = closest(b, POLICIES);
        return c ? `${b} (did you mean ${c}?)` : b;
      });
      ctx.report({
        start,
        end,
        message: `Unknown retryOn polic${bad.length > 1 ? 'ies' : 'y'} ${hints.join(', ')}: Istio rejects the VirtualService. Valid: ${POLICIES.join(', ')}, or an HTTP status code.`,
        data: { resource: res.key, routeIndex: route.index, bad },
      });
    }
  },
});
