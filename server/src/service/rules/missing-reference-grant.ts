import { isServiceBackend, ROUTE_KINDS, referenceGranted, routeBackends } from '../gatewayapi';
import { span } from '../model';
import { defineRule } from '../rule';

export default defineRule({
  id: 'missing-reference-grant',
  severity: 'warning',
  category: 'gateway-api',
  title: 'A Gateway API route sends traffic to a Service in another namespace, and no ReferenceGrant there allows it.',
  upstream: ['KIA1402'],
  kinds: [...ROUTE_KINDS],
  check(res, ctx) {
    for (const { rule, backend: b } of routeBackends(res)) {
      if (!b.name || !b.explicitNamespace || b.namespace === res.namespace || !isServiceBackend(b)) continue;
      // Only where the target namespace's configuration is in the workspace: its grants would be too.
      if (!ctx.ws.byKey('Service', b.namespace, b.name.value).length) continue;
      if (referenceGranted(ctx.ws, res, { group: '', kind: 'Service', namespace: b.namespace, name: b.name.value })) continue;
      const [start, end] = span(res, b.node.get('namespace', true) as never);
      ctx.report({
        start,
        end,
        message: `Backend Service ${b.namespace}/${b.name.value} is in another namespace, and no ReferenceGrant in ${b.namespace} allows ${res.kind}s from namespace ${res.namespace} to reference it: the reference is refused (RefNotPermitted) and its share of requests gets HTTP 500.`,
        data: { resource: res.key, ruleIndex: rule.index, backendIndex: b.index, namespace: b.namespace, name: b.name.value, from: res.namespace },
      });
    }
  },
});
