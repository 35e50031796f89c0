import { defineRule } from '../rule';
import { vsRoutes } from '../query/routes';
import { span } from '../model';
import { toFQDN } from '../hosts';

export default defineRule({
  id: 'unknown-destination-port',
  severity: 'error',
  category: 'links',
  title: 'A destination `port` that the destination Service does not expose.',
  upstream: ['IST0101'],
  kinds: ['VirtualService'],
  namespaceLinks: true,
  check(res, ctx) {
    for (const route of vsRoutes(res)) {
      for (const d of route.destinations) {
        if (!d.host || d.port?.number === undefined) continue;
        const svc = ctx.ws.servicesForHost(toFQDN(d.host.value, res.namespace))[0];
        if (svc?.view?.type !== 'Service' || !svc.view.svc.ports.length) continue;
        const ports = svc.view.svc.ports.map((p) => p.port);
        if (ports.includes(d.port.number)) continue;
        const [start, end] = span(res, d.port.node);
        ctx.report({
          start,
          end,
          message: `Port ${d.port.number} is not a port of Service ${svc.namespace}/${svc.name} (ports: ${ports.join(', ')}): the route has no endpoint to send to.`,
          data: { resource: res.key, service: svc.key, port: d.port.number, ports },
        });
      }
    }
  },
});
