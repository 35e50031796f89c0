import { gatewayHostsIntersect, isK8sGateway, k8sGatewayView } from '../gatewayapi';
import type { Resource } from '../model';
import { displayName, span } from '../model';
import { defineRule } from '../rule';
import { get, scalarString, seqItems } from '../yamlutil';

/** `type=value` of each `spec.addresses` entry (type defaults to IPAddress). */
function addresses(gw: Resource): string[] {
  const doc = gw.doc.doc;
  return seqItems(get(get(gw.node, 'spec', doc), 'addresses', doc), doc)
    .map((a) => `${scalarString(get(a, 'type', doc)) ?? 'IPAddress'}=${scalarString(get(a, 'value', doc)) ?? ''}`)
    .filter((x) => !x.endsWith('='));
}

export default defineRule({
  id: 'listener-conflict',
  severity: 'error',
  category: 'gateway-api',
  title: 'Two listeners of a Gateway API Gateway share a name, or the same port, protocol and hostname (also across Gateways that share an address).',
  upstream: ['KIA1503', 'KIA1501', 'KIA1502'],
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
          ctx.report({
            start,
            end,
            message: `Listener name ${l.name} is already used by listener ${prior}: the API server rejects the Gateway (listener names must be unique).`,
            data: { resource: res.key, listenerIndex: l.index, name: l.name },
          });
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
    // Gateways that share an address are served by the same proxies: their listeners must not overlap either.
    const mine = addresses(res);
    if (!mine.length) return;
    for (const other of ctx.ws.ofKind('Gateway')) {
      if (other === res || !isK8sGateway(other)) continue;
      const shared = addresses(other).filter((a) => mine.includes(a));
      if (!shared.length) continue;
      const ov = k8sGatewayView(other);
      for (const l of v.listeners) {
        const clash = ov?.listeners.find((o) => o.port === l.port && (!o.hostname || !l.hostname || gatewayHostsIntersect(o.hostname.value, l.hostname.value)));
        if (!clash || l.port === undefined) continue;
        const [start, end] = span(res, l.node);
        ctx.report({
          start,
          end,
          severity: 'warning',
          message: `Listener ${l.name ?? l.index} (port ${l.port}, hostname ${l.hostname?.value ?? 'any'}) overlaps listener ${clash.name ?? clash.index} of ${displayName(other)}, which shares address ${shared[0].split('=')[1]}: the same proxies serve both, so which one takes a request is not defined.`,
          data: { resource: res.key, listenerIndex: l.index, other: other.key, address: shared[0] },
        });
      }
    }
  },
});
