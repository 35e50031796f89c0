import { gatewayTargets } from '../links';
import { displayName, type GatewayRef, parseGatewayRef, type Resource, type Route, span } from '../model';
import { vsDestinations } from '../query/routes';
import { serviceForHost } from '../query/services';
import { defineRule } from '../rule';
import { get, scalarString, seqItems } from '../yamlutil';

/**
 * The gateways a route serves (Istio gateways only: `mesh` excluded): those of its matches'
 * `gateways` where a match names some, else the VirtualService's own.
 */
function routeGateways(res: Resource, route: Route): GatewayRef[] {
  if (res.view?.type !== 'VirtualService') return [];
  const own = res.view.vs.gateways;
  const doc = res.doc.doc;
  const matches = seqItems(route.matchNode, doc);
  const out: GatewayRef[] = [];
  const add = (g: GatewayRef) => {
    if (!g.mesh && !out.some((o) => o.namespace === g.namespace && o.name === g.name)) out.push(g);
  };
  if (!matches.length) own.forEach(add);
  for (const m of matches) {
    const listed = seqItems(get(m, 'gateways', doc), doc);
    if (!listed.length) own.forEach(add);
    for (const node of listed) {
      const value = scalarString(node);
      if (value) add({ value, node, ...parseGatewayRef(value, res.namespace) });
    }
  }
  return out;
}

export default defineRule({
  id: 'destination-port-required',
  severity: 'error',
  category: 'links',
  title: 'A gateway route to a Service with several ports names no destination `port`, and the gateway listens on a port the Service does not expose.',
  upstream: ['IST0112'],
  kinds: ['VirtualService'],
  check(res, ctx) {
    for (const { route, dest: d } of vsDestinations(res)) {
      if (!d.host || d.port) continue;
      // Without `port`, Istio takes the Service's only port, else the port the request came in
      // on: for the mesh (sidecars) that is a port of the Service called, so a mesh route needs
      // none; on a gateway it is the gateway server's port.
      const gateways = routeGateways(res, route);
      if (!gateways.length) continue;
      const found = serviceForHost(ctx.ws, res, d.host);
      if (!found || found.svc.ports.length < 2) continue;
      const svc = found.res;
      const ports = found.svc.ports.map((p) => p.port).filter((p): p is number => p !== undefined);
      // Gateway ports the Service does not expose (unknown when a Gateway is not in the workspace).
      const missing = new Set<number>();
      let unknown = false;
      for (const g of gateways) {
        const targets = gatewayTargets(ctx.ws, g);
        if (!targets.length) unknown = true;
        for (const gw of targets) {
          if (gw.view?.type !== 'Gateway') continue;
          for (const s of gw.view.gw.servers) {
            const n = s.port?.number;
            if (n === undefined) unknown = true;
            else if (!ports.includes(n)) missing.add(n);
          }
        }
      }
      if (!missing.size && !unknown) continue;
      const names = gateways.map((g) => g.value).join(', ');
      const [start, end] = span(res, d.host.node);
      ctx.report({
        start,
        end,
        // Only a gateway port known to be missing from the Service is certain to fail.
        severity: missing.size ? undefined : 'warning',
        message: `${displayName(svc)} exposes ports ${ports.join(', ')} and this route serves gateway ${names}: without \`port\`, Istio sends to the Service port equal to the gateway port the request came in on${
          missing.size ? ` (${[...missing].join(', ')}, which the Service does not expose: requests fail with 503)` : ''
        }${missing.size ? '' : ' (the ports of a Gateway outside these files are not known here)'}. Add \`port: {number: …}\` to this destination.`,
        data: {
          resource: res.key,
          service: svc.key,
          ports,
          gatewayPorts: [...missing],
          protocol: route.protocol,
          routeIndex: route.index,
          destinationIndex: d.index,
        },
      });
    }
  },
});
