import { GATEWAY_API_GROUP, isRoute, listenerAdmits, parentGateways, ROUTE_KINDS, routeView, selectedListeners } from '../gatewayapi';
import { displayName, span } from '../model';
import { defineRule } from '../rule';
import { closest } from '../text';
import { missingSeverity, outsideNote, reportMissingService } from './_uncertain';

export default defineRule({
  id: 'unknown-parent-ref',
  severity: 'warning',
  category: 'gateway-api',
  title: 'A Gateway API route names a parent (Gateway, listener section or port, or Service) that does not exist or does not admit it.',
  upstream: ['KIA1401'],
  kinds: [...ROUTE_KINDS],
  check(res, ctx) {
    if (!isRoute(res)) return;
    const view = routeView(res);
    if (!view) return;
    for (const p of view.parentRefs) {
      if (!p.name) continue;
      const data = { resource: res.key, parentIndex: p.index, kind: p.kind, namespace: p.namespace, name: p.name.value };
      if (p.group === GATEWAY_API_GROUP && p.kind === 'Gateway') {
        const gws = parentGateways(ctx.ws, p);
        if (!gws.length) {
          const istio = ctx.ws.byKey('Gateway', p.namespace, p.name.value).find((g) => g.group === 'networking.istio.io');
          const names = ctx.ws
            .ofKind('Gateway')
            .filter((g) => g.group === GATEWAY_API_GROUP && g.name)
            .map((g) => (g.namespace === p.namespace ? g.name! : `${g.namespace}/${g.name}`));
          const suggestion = istio ? undefined : closest(p.name.value, names);
          const [start, end] = span(res, p.name.node);
          ctx.report({
            start,
            end,
            severity: istio ? 'error' : missingSeverity(ctx, p.name.value, suggestion),
            message: istio
              ? `Gateway ${p.namespace}/${p.name.value} is an Istio Gateway (networking.istio.io); a ${res.kind} attaches only to a Gateway API Gateway (gateway.networking.k8s.io), so the route is not attached anywhere.`
              : `Gateway ${p.namespace}/${p.name.value} is defined by no Gateway API Gateway in the workspace${suggestion ? ` (did you mean ${suggestion}?)` : ''}; the route attaches to nothing there. ${outsideNote('Gateway')}`,
            data: { ...data, suggestion },
          });
          continue;
        }
        const gw = gws[0];
        const listeners = selectedListeners(gw, p);
        if (!listeners.length) {
          const node = p.sectionName?.node ?? p.node;
          const [start, end] = span(res, node);
          const all = selectedListeners(gw, { ...p, sectionName: undefined, port: undefined });
          ctx.report({
            start,
            end,
            severity: 'error',
            message: `${displayName(gw)} has no listener${p.sectionName ? ` named ${p.sectionName.value}` : ''}${p.port !== undefined ? ` on port ${p.port}` : ''} (listeners: ${all.map((l) => `${l.name ?? '?'}:${l.port ?? '?'}`).join(', ') || 'none'}); the route is not accepted.`,
            data: { ...data, sectionName: p.sectionName?.value, port: p.port },
          });
          continue;
        }
        if (!listeners.some((l) => listenerAdmits(gw, l, res.namespace))) {
          const [start, end] = span(res, p.name.node);
          ctx.report({
            start,
            end,
            severity: 'error',
            message: `${displayName(gw)} does not admit routes from namespace ${res.namespace}: its listener${listeners.length > 1 ? 's allow' : ' allows'} routes only from its own namespace ${gw.namespace} (allowedRoutes.namespaces.from: Same, the default). Set from: All or Selector on the listener, or move the route.`,
            data: { ...data, gatewayNamespace: gw.namespace },
          });
        }
      } else if ((p.group === '' || p.group === 'core') && p.kind === 'Service') {
        if (ctx.ws.byKey('Service', p.namespace, p.name.value).length) continue;
        const ref = `${p.namespace}/${p.name.value}`;
        reportMissingService(
          ctx,
          res,
          p.name,
          p.namespace,
          data,
          (didYouMean) => `Service ${ref} (the parent of this mesh route) is not in the workspace${didYouMean}.`,
        );
      }
    }
  },
});
