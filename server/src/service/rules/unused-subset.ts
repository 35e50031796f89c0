import type { FileEdits } from '../edits/edits';
import { removeSubset } from '../edits/subsets';
import { isWildcard, toFQDN } from '../hosts';
import { displayName, span } from '../model';
import { vsRoutes } from '../query/routes';
import { defineRule } from '../rule';

interface UnusedSubsetData {
  /** The DestinationRule's key. */
  resource: string;
  subset: string;
}

export default defineRule<UnusedSubsetData>({
  id: 'unused-subset',
  severity: 'hint',
  category: 'traffic',
  title:
    'A DestinationRule subset that no route or mirror sends traffic to, while VirtualServices do route the host (often the old version after a finished canary).',
  fixes: [{ kind: 'suggestion', title: 'Remove the subset from the DestinationRule' }],
  kinds: ['DestinationRule'],
  check(res, ctx) {
    if (res.view?.type !== 'DestinationRule' || !res.view.dr.host || isWildcard(res.view.dr.host.value)) return;
    const fqdn = toFQDN(res.view.dr.host.value, res.namespace);
    // Only where the workspace holds the host's routing: without any route to the host, the
    // VirtualServices live elsewhere and nothing can be said about the subsets.
    const routing = ctx.ws.virtualServicesRoutingTo(fqdn);
    if (!routing.length) return;
    const used = new Set<string>();
    for (const vs of new Set([...routing, ...ctx.ws.virtualServicesForHost(fqdn)])) {
      for (const route of vsRoutes(vs)) {
        for (const d of route.destinations) if (d.subset && d.host && toFQDN(d.host.value, vs.namespace) === fqdn) used.add(d.subset.value);
        const m = route.mirror;
        if (m?.subset && m.host && toFQDN(m.host.value, vs.namespace) === fqdn) used.add(m.subset.value);
      }
    }
    for (const s of res.view.dr.subsets) {
      if (!s.name || used.has(s.name.value)) continue;
      const [start, end] = span(res, s.name.node);
      const by = [...new Set(routing.map((vs) => `${displayName(vs)} (${ctx.ws.relativePath(vs.uri)})`))].join(', ');
      ctx.report({
        start,
        end,
        message: `Subset ${s.name.value} of host ${fqdn} receives no traffic: ${by} route${routing.length === 1 ? 's' : ''} the host without naming it. If its version is retired, remove the subset; if a release is starting, route to it.`,
        data: { resource: res.key, subset: s.name.value },
      });
    }
  },
  fix(f, ctx) {
    const dr = ctx.resource(f.data?.resource);
    if (dr?.view?.type !== 'DestinationRule') return [];
    const subset = dr.view.dr.subsets.find((s) => !!s.name && s.name.value === f.data?.subset && span(dr, s.name.node)[0] === f.start);
    if (!subset) return [];
    const edits: FileEdits = new Map();
    removeSubset(ctx.ws, dr, subset, edits);
    // A suggestion, never preferred: VirtualServices outside the workspace may still name the
    // subset, or a release may be about to use it, so removing it is the user's call, made in
    // the editor; --fix-suggestions leaves it.
    return [{ title: `Remove subset ${f.data?.subset} from ${displayName(dr)}`, kind: 'suggestion', preferred: false, edits }];
  },
});
