import { toFQDN } from '../hosts';
import { span } from '../model';
import { vsRoutes } from '../query/routes';
import { defineRule } from '../rule';

export default defineRule({
  id: 'gateway-subset-ingress',
  severity: 'warning',
  category: 'links',
  title:
    'Gateway traffic to a host whose subset routing lives in a mesh-only VirtualService: that routing does not apply to requests entering through the gateway.',
  upstream: ['IST0140'],
  kinds: ['VirtualService'],
  namespaceLinks: true,
  check(res, ctx) {
    if (res.view?.type !== 'VirtualService' || res.view.vs.mesh || !res.view.vs.gateways.length) return;
    const reported = new Set<string>();
    for (const route of res.view.vs.http) {
      for (const d of route.destinations) {
        if (!d.host || d.subset) continue;
        const fqdn = toFQDN(d.host.value, res.namespace);
        if (reported.has(fqdn)) continue;
        const meshVs = ctx.ws
          .virtualServicesForHost(fqdn)
          .find((o) => o !== res && o.view?.type === 'VirtualService' && o.view.vs.mesh && vsRoutes(o).some((r) => r.destinations.some((x) => x.subset)));
        if (!meshVs) continue;
        reported.add(fqdn);
        const [start, end] = span(res, d.host.node);
        const gws = res.view.vs.gateways.map((g) => `${g.namespace}/${g.name}`).join(', ');
        ctx.report({
          start,
          end,
          message: `Subset routing in VirtualService ${meshVs.namespace}/${meshVs.name} (${ctx.ws.relativePath(meshVs.uri)}) has no effect on requests entering through gateway ${gws}: the gateway applies this VirtualService, which sends ${d.host.value} traffic to the whole Service. Add the gateway to that VirtualService (and mesh), or route to subsets here.`,
          data: { resource: res.key, host: fqdn, meshVirtualService: meshVs.key },
        });
      }
    }
  },
});
