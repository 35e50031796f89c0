import { span } from '../model';
import { defineRule } from '../rule';
import { schemaFor } from '../schema/validate';
import { ISTIO_FACTS, istioAtLeast } from '../versions';

export default defineRule({
  id: 'api-version-upgrade',
  severity: 'hint',
  category: 'schema',
  title: 'networking.istio.io/v1alpha3 or v1beta1 where the same kind is served as v1 (same schema, the stable API).',
  kinds: ['*'],
  check(res, ctx) {
    if (res.group !== 'networking.istio.io' && res.group !== 'security.istio.io') return;
    if (res.version === 'v1' || !schemaFor(`${res.group}/v1`, res.kind)) return;
    // v1 is served from Istio 1.22 on (setting istioVersion).
    if (!istioAtLeast(ctx.settings, ISTIO_FACTS.v1Api)) return;
    const apiNode = (res.node.items.find((p) => (p.key as { value?: unknown })?.value === 'apiVersion')?.value ?? res.kindNode) as never;
    const [start, end] = span(res, apiNode);
    ctx.report({
      start,
      end,
      message: `${res.kind} is served as ${res.group}/v1 (the stable API, same fields): \`${res.apiVersion}\` still works but can be \`${res.group}/v1\`.`,
      data: { resource: res.key, from: res.apiVersion, to: `${res.group}/v1` },
    });
  },
});
