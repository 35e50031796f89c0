import { toFQDN } from '../hosts';
import { displayName, span } from '../model';
import { routeConsumers, visibleIn } from '../query/visibility';
import { defineRule } from '../rule';

export default defineRule({
  id: 'destinationrule-not-exported',
  severity: 'error',
  category: 'links',
  title:
    'A route to a subset whose DestinationRules are not exported (exportTo) to the namespace of the proxies that apply the route: those proxies know no such subset and the requests fail.',
  kinds: ['VirtualService'],
  check(res, ctx) {
    if (res.view?.type !== 'VirtualService') return;
    // Proxies that do not see the VirtualService itself are vs-not-exported-to-gateway's finding.
    const consumers = routeConsumers(ctx.ws, res).filter((c) => visibleIn(ctx.ws, res, c.namespace));
    if (!consumers.length) return;
    const v = res.view.vs;
    for (const route of [...v.http, ...v.tcp, ...v.tls]) {
      for (const d of route.destinations) {
        if (!d.host?.value || !d.subset?.value) continue;
        const fqdn = toFQDN(d.host.value, res.namespace);
        const defining = ctx.ws
          .destinationRulesForHost(fqdn)
          .filter((dr) => dr.view?.type === 'DestinationRule' && dr.view.dr.subsets.some((s) => s.name?.value === d.subset!.value));
        // No definition at all is unknown-subset's finding.
        if (!defining.length) continue;
        const blind = consumers.filter((c) => !defining.some((dr) => visibleIn(ctx.ws, dr, c.namespace)));
        if (!blind.length) continue;
        const assumed = blind.every((c) => c.assumed);
        const names = [...new Set(blind.map((c) => c.namespace))];
        const gw = blind.find((c) => c.gateway)?.gateway;
        const who = gw ? `the proxies of Gateway ${gw.namespace}/${gw.name}` : 'the sidecars';
        const [start, end] = span(res, d.subset.node);
        ctx.report({
          start,
          end,
          severity: assumed ? 'warning' : undefined,
          message: `Subset ${d.subset.value} of ${fqdn} is defined by ${defining.map((dr) => displayName(dr)).join(', ')}, which is not exported to namespace ${names.join(', ')}${assumed ? ' (assumed: the default ingress install)' : ''}: ${who} there know no subset ${d.subset.value}, and the requests this route sends there fail (503). Export the DestinationRule to ${names.join(', ')}, or define the subset in a DestinationRule visible there.`,
          data: { resource: res.key, subset: d.subset.value, host: fqdn, namespaces: names },
        });
      }
    }
  },
});
