import { defineRule } from '../rule';
import { span } from '../model';
import { hostsOverlap } from '../hosts';
import { gatewayTargets } from '../links';

// Gateway server hosts may be written namespace/host (also with "*" or "." as the namespace).
function gatewayHost(h: string): string {
  const i = h.indexOf('/');
  return i === -1 ? h : h.slice(i + 1);
}

export default defineRule({
  id: 'vs-host-not-in-gateway',
  severity: 'warning',
  title: "A VirtualService host that none of its Gateway's servers accepts, so the gateway never routes it.",
  upstream: ['IST0132'],
  kinds: ['VirtualService'],
  check(res, ctx) {
    if (res.view?.type !== 'VirtualService') return;
    for (const ref of res.view.vs.gateways) {
      if (ref.mesh) continue;
      for (const gw of gatewayTargets(ctx.ws, ref)) {
        if (gw.view?.type !== 'Gateway') continue;
        const gwHosts = gw.view.gw.servers.flatMap((s) => s.hosts.map((h) => gatewayHost(h.value)));
        if (!gwHosts.length) continue;
        const missing = res.view.vs.hosts.filter((h) => !gwHosts.some((g) => hostsOverlap(g, h.value)));
        for (const h of missing) {
          const [start, end] = span(res, h.node);
          ctx.report({
            start,
            end,
            message: `Host ${h.value} is not among the hosts of Gateway ${gw.namespace}/${gw.name} (${gwHosts.join(', ')}): requests for it through that gateway are not routed by this VirtualService.`,
            data: { resource: res.key, host: h.value, gateway: gw.key },
          });
        }
      }
    }
  },
});
