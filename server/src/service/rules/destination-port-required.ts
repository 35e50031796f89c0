import { span } from '../model';
import { vsDestinations } from '../query/routes';
import { serviceForHost } from '../query/services';
import { defineRule } from '../rule';

export default defineRule({
  id: 'destination-port-required',
  severity: 'error',
  category: 'links',
  title: 'A destination without `port` whose Service exposes several ports: Istio cannot tell which one to use.',
  upstream: ['IST0112'],
  kinds: ['VirtualService'],
  check(res, ctx) {
    for (const { route, dest: d } of vsDestinations(res)) {
      if (!d.host || d.port) continue;
      const found = serviceForHost(ctx.ws, res, d.host);
      if (!found || found.svc.ports.length < 2) continue;
      const svc = found.res;
      const ports = found.svc.ports.map((p) => p.port).filter((p) => p !== undefined);
      const [start, end] = span(res, d.host.node);
      ctx.report({
        start,
        end,
        message: `Service ${svc.namespace}/${svc.name} exposes ports ${ports.join(', ')}: add \`port: {number: …}\` to this destination to say which one.`,
        data: { resource: res.key, service: svc.key, ports, protocol: route.protocol, routeIndex: route.index, destinationIndex: d.index },
      });
    }
  },
});
