import { span } from '../model';
import { vsDestinations } from '../query/routes';
import { serviceForHost } from '../query/services';
import { defineRule } from '../rule';

export default defineRule({
  id: 'unknown-destination-port',
  severity: 'error',
  category: 'links',
  title: 'A destination `port` that the destination Service does not expose.',
  upstream: ['IST0101'],
  kinds: ['VirtualService'],
  namespaceLinks: true,
  check(res, ctx) {
    for (const { dest: d } of vsDestinations(res)) {
      if (!d.host || d.port?.number === undefined) continue;
      const found = serviceForHost(ctx.ws, res, d.host);
      if (!found?.svc.ports.length) continue;
      const svc = found.res;
      const ports = found.svc.ports.map((p) => p.port);
      if (ports.includes(d.port.number)) continue;
      const [start, end] = span(res, d.port.node);
      ctx.report({
        start,
        end,
        message: `Port ${d.port.number} is not a port of Service ${svc.namespace}/${svc.name} (ports: ${ports.join(', ')}): the route has no endpoint to send to.`,
        data: { resource: res.key, service: svc.key, port: d.port.number, ports },
      });
    }
  },
});
