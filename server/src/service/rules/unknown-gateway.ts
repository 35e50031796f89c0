import { defineRule } from '../rule';
import { span } from '../model';
import { gatewayTargets } from '../links';
import { closest } from '../text';

export default defineRule({
  id: 'unknown-gateway',
  severity: 'error',
  title: 'A VirtualService names a gateway that no Gateway in the workspace defines (`mesh` excepted).',
  upstream: ['IST0101', 'KIA1102'],
  kinds: ['VirtualService'],
  check(res, ctx) {
    if (res.view?.type !== 'VirtualService') return;
    for (const g of res.view.vs.gateways) {
      if (g.mesh || gatewayTargets(ctx.ws, g).length) continue;
      const candidates = ctx.ws
        .ofKind('Gateway')
        .filter((r) => r.name)
        .map((r) => (r.namespace === res.namespace ? r.name! : `${r.namespace}/${r.name}`));
      const suggestion = closest(g.value, candidates);
      const [start, end] = span(res, g.node);
      ctx.report({
        start,
        end,
        message: `Gateway ${g.namespace}/${g.name} is defined by no Gateway in the workspace${suggestion ? ` (did you mean ${suggestion}?)` : ''}. The VirtualService is not bound to it, so its routes do not apply there.`,
        data: { resource: res.key, gateway: g.value, namespace: g.namespace, name: g.name, suggestion, candidates },
      });
    }
  },
});
