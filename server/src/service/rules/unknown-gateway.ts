import { defineRule } from '../rule';
import { span } from '../model';
import { gatewayTargets } from '../links';
import { closest } from '../text';

export default defineRule({
  id: 'unknown-gateway',
  severity: 'error',
  title: 'A VirtualService names a gateway that no Gateway in the workspace defines (`mesh` excepted).',
  fixes: [{ kind: 'suggestion', title: 'Change the reference to a Gateway of the same namespace with a close name' }],
  upstream: ['IST0101', 'KIA1102'],
  kinds: ['VirtualService'],
  check(res, ctx) {
    if (res.view?.type !== 'VirtualService') return;
    for (const g of res.view.vs.gateways) {
      if (g.mesh || gatewayTargets(ctx.ws, g).length) continue;
      // Suggestions come from the namespace the reference points at only: a Gateway elsewhere
      // with a similar name is a different Gateway, not a typo.
      const gateways = ctx.ws.ofKind('Gateway').filter((r) => r.name);
      const candidates = gateways.filter((r) => r.namespace === g.namespace).map((r) => r.name!);
      const suggestion = closest(g.name, candidates);
      const sameName = gateways.filter((r) => r.name === g.name && r.namespace !== g.namespace).map((r) => `${r.namespace}/${r.name}`);
      // A reference without a namespace means "the VirtualService's namespace"; do not print it as default/.
      const shown = g.value.includes('/') || g.value.includes('.') || res.explicitNamespace ? `${g.namespace}/${g.name}` : `${g.name} (in the VirtualService's namespace)`;
      const [start, end] = span(res, g.node);
      ctx.report({
        start,
        end,
        message: `Gateway ${shown} is defined by no Gateway in the workspace${suggestion ? ` (did you mean ${suggestion}?)` : sameName.length ? ` (a Gateway of that name exists in another namespace: ${sameName.join(', ')}; write namespace/name to bind to it)` : ''}. The VirtualService is not bound to it, so its routes do not apply there.`,
        data: { resource: res.key, gateway: g.value, namespace: g.namespace, name: g.name, suggestion, candidates },
      });
    }
  },
});
