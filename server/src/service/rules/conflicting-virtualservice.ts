import { hostsOverlap, toFQDN } from '../hosts';
import { displayName, type Resource, resourceSpan, span } from '../model';
import { seenTogether } from '../query/visibility';
import { defineRule } from '../rule';

export default defineRule({
  id: 'conflicting-virtualservice',
  severity: 'error',
  category: 'workspace',
  title: 'Two VirtualServices bound to the mesh define the same host: Istio merges them in an undefined order.',
  upstream: ['IST0109', 'KIA1106'],
  kinds: ['VirtualService'],
  check(res, ctx) {
    if (res.view?.type !== 'VirtualService' || !res.view.vs.mesh) return;
    const conflicts = new Map<string, Resource[]>();
    for (const h of res.view.vs.hosts) {
      const fqdn = toFQDN(h.value, res.namespace);
      const others = ctx.ws
        .virtualServicesOverlapping(fqdn)
        .filter(
          (o) =>
            o !== res &&
            o.key !== res.key &&
            o.view?.type === 'VirtualService' &&
            o.view.vs.mesh &&
            ctx.ws.sameApplyUnit(res.uri, o.uri) &&
            seenTogether(ctx.ws, res, o, fqdn) &&
            o.view.vs.hosts.some((x) => hostsOverlap(toFQDN(x.value, o.namespace), fqdn)),
        );
      if (others.length) conflicts.set(fqdn, others);
    }
    if (!conflicts.size) return;
    const [start, end] = resourceSpan(res);
    for (const [fqdn, all] of conflicts) {
      const sure = all.some((o) => ctx.ws.applyUnitKind(res.uri, o.uri) !== 'dir');
      // Name at most 10: n VirtualServices on one host would otherwise make n findings of n names each.
      const others = all.slice(0, 10);
      const more = all.length > others.length ? ` and ${all.length - others.length} more` : '';
      ctx.report({
        severity: sure ? undefined : 'warning',
        start,
        end,
        message: `${displayName(res)} and ${others.map((o) => `${displayName(o)} (${ctx.ws.relativePath(o.uri)})`).join(', ')}${more} are bound to the mesh and define the same host ${fqdn}: sidecars apply only one of them, in an undefined order. Merge them into one VirtualService.${sure ? '' : ' (They are in different files of one folder: this holds when the folder is applied as a whole.)'}`,
        data: { resource: res.key, host: fqdn, others: others.map((o) => o.key) },
        related: others.map((o) => {
          const [s, e] = span(o, o.nameNode ?? o.node);
          return { uri: o.uri, start: s, end: e, message: `also defines ${fqdn}` };
        }),
      });
    }
  },
});
