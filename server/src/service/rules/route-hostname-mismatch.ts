import { gatewayHostsIntersect, isRoute, listenerAdmits, parentGateways, routeView, selectedListeners } from '../gatewayapi';
import { displayName, span } from '../model';
import { defineRule } from '../rule';

export default defineRule({
  id: 'route-hostname-mismatch',
  severity: 'error',
  category: 'gateway-api',
  title: "A Gateway API route's hostnames match no hostname of the Gateway listeners it attaches to.",
  kinds: ['HTTPRoute', 'GRPCRoute', 'TLSRoute'],
  check(res, ctx) {
    if (!isRoute(res)) return;
    const view = routeView(res);
    if (!view?.hostnames.length) return;
    for (const p of view.parentRefs) {
      const gw = parentGateways(ctx.ws, p)[0];
      if (!gw) continue;
      const listeners = selectedListeners(gw, p).filter((l) => listenerAdmits(gw, l, res.namespace));
      if (!listeners.length) continue;
      // A listener without hostname takes every hostname.
      if (listeners.some((l) => !l.hostname || view.hostnames.some((h) => gatewayHostsIntersect(l.hostname!.value, h.value)))) continue;
      const [start, end] = span(res, p.node);
      ctx.report({
        start,
        end,
        message: `None of the route's hostnames (${view.hostnames.map((h) => h.value).join(', ')}) matches a listener hostname of ${displayName(gw)} (${listeners.map((l) => l.hostname!.value).join(', ')}): the route is not accepted there (NoMatchingListenerHostname).`,
        data: {
          resource: res.key,
          parentIndex: p.index,
          gateway: gw.key,
          hostnames: view.hostnames.map((h) => h.value),
          listeners: listeners.map((l) => l.hostname!.value),
        },
      });
    }
  },
});
