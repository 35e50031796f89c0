import { defineRule } from '../rule';
import { span } from '../model';
import { toFQDN } from '../hosts';

export default defineRule({
  id: 'destination-port-required',
  severity: 'error',
  category: 'links',
  title: 'A destination without `port` whose Service exposes several ports: Istio cannot tell which one to use.',
  upstream: ['IST0112'],
  kinds: ['VirtualService'],
  check(res, ctx) {
    if (res.view?.type !== 'VirtualService') return;
    for (const route of [...res.view.vs.http, ...res.view.vs.tcp, ...res.view.vs.tls]) {
      for (const d of route.destinations) {
        if (!d.host || d.port) continue;
        const svc = ctx.ws.servicesForHost(toFQDN(d.host.value, res.namespace))[0];
        if (svc?.view?.type !== 'Service' || svc.view.svc.ports.length < 2) continue;
        const ports = svc.view.svc.ports.map((p) => p.port).filter((p) => p !== undefined);
        const [start, end] = span(res, d.host.node);
        ctx.report({
          start,
          end,
          message: `Service ${svc.namespace}/${svc.name} exposes ports ${ports.join(', ')}: add \`port: {number: …}\` to this destination to say which one.`,
          data: { resource: res.key, service: svc.key, ports, protocol: route.protocol, routeIndex: route.index, destinationIndex: d.index },
        });
      }
    }
  },
});
