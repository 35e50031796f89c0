import { defineRule } from '../rule';
import { vsRoutes } from '../query/routes';
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
    for (const route of vsRoutes(res)) {
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
