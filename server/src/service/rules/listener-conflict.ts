import { defineRule } from '../rule';
import { span } from '../model';
import { k8sGatewayView, isK8sGateway } from '../gatewayapi';

export default defineRule({
  id: 'listener-conflict',
  severity: 'error',
  title: 'Two listeners of a Gateway API Gateway share a name, or the same port, protocol and hostname.',
  upstream: ['KIA1503'],
  kinds: ['Gateway'],
  check(res, ctx) {
    if (!isK8sGateway(res)) return;
    const v = k8sGatewayView(res);
    if (!v) return;
    const names = new Map<string, number>();
    const combos = new Map<string, number>();
    for (const l of v.listeners) {
      if (l.name !== undefined) {
        const prior = names.get(l.name);
        if (prior !== undefined) {
          const [start, end] = span(res, l.node.get('name', true) as never);
          ctx.report({ start, end, message: `Listener name ${l.name} is already used by listener ${prior}: the API server rejects the Gateway (listener names must be unique).`, data: { resource: res.key, listenerIndex: l.index, name: l.name } });
        } else names.set(l.name, l.index);
      }
      if (l.port === undefined) continue;
      const key = `${l.port}|${(l.protocol ?? '').toUpperCase()}|${(l.hostname?.value ?? '').toLowerCase()}`;
      const prior = combos.get(key);
      if (prior !== undefined) {
        const [start, end] = span(res, l.node);
        ctx.report({
          start,
          end,
          message: `Listener ${l.name ?? l.index} has the same port (${l.port}), protocol (${l.protocol ?? '?'}) and hostname (${l.hostname?.value ?? 'none'}) as listener ${v.listeners[prior].name ?? prior}: the API server rejects the Gateway.`,
          data: { resource: res.key, listenerIndex: l.index, port: l.port },
        });
      } else combos.set(key, l.index);
    }
  },
});
