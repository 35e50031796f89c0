import { addEdit, type FileEdits, replaceScalar } from '../edits/edits';
import { insertSubset, proposeSubset } from '../edits/subsets';
import { toFQDN } from '../hosts';
import { findSubset } from '../links';
import type { Str } from '../model';
import { span } from '../model';
import { type RouteProtocol, routeOf, vsRoutes } from '../query/routes';
import { defineRule, type RuleFix } from '../rule';
import { closest, editDistance } from '../text';

/** Where the subset is named: a route destination (destinationIndex) or the route's mirror. */
type Where = { protocol: RouteProtocol; routeIndex: number } & (
  | { destinationIndex: number; mirror?: undefined }
  | { mirror: true; destinationIndex?: undefined }
);

type UnknownSubsetData = Where & {
  resource: string;
  host: string;
  fqdn: string;
  subset: string;
  /** The subsets the host's DestinationRules define. */
  available: string[];
  suggestion: string | undefined;
};

export default defineRule<UnknownSubsetData>({
  id: 'unknown-subset',
  severity: 'error',
  category: 'links',
  title: 'A destination names a subset that no DestinationRule for its host defines.',
  fixes: [
    { kind: 'suggestion', title: 'Use an existing subset of the DestinationRule (closest names first)' },
    { kind: 'suggestion', title: 'Add the subset to the DestinationRule (labels from a workload the Service selects)' },
  ],
  upstream: ['IST0101', 'KIA1107'],
  kinds: ['VirtualService'],
  namespaceLinks: true,
  check(res, ctx) {
    const check = (host: Str | undefined, subset: Str | undefined, extra: Where) => {
      if (!subset || !host) return;
      const fqdn = toFQDN(host.value, res.namespace);
      const { drs, matches, available } = findSubset(ctx.ws, fqdn, subset.value);
      if (matches.length) return;
      const [start, end] = span(res, subset.node);
      // Version-like names (v1, v3) are distinct releases, not typos of each other.
      const versionLike = (s: string) => /^v?\d+$/i.test(s);
      const suggestion = closest(
        subset.value,
        available.filter((a) => !(versionLike(a) && versionLike(subset.value))),
      );
      const message = drs.length
        ? `Subset ${subset.value} is not defined by ${drs.map((d) => `DestinationRule ${d.name}`).join(', ')} for host ${fqdn} (${available.length ? `defined: ${available.join(', ')}` : 'it defines no subsets'})${suggestion ? `. Did you mean ${suggestion}?` : '.'} Requests routed here fail with 503 (no healthy upstream).`
        : `Subset ${subset.value}: no DestinationRule for host ${fqdn} exists in the workspace, so no subset is defined. Requests routed here fail with 503 (no healthy upstream).`;
      ctx.report({
        start,
        end,
        message,
        data: {
          resource: res.key,
          host: host.value,
          fqdn,
          subset: subset.value,
          available,
          suggestion,
          ...extra,
        },
        related: drs.map((d) => {
          const [s, e] = span(d, d.nameNode ?? d.node);
          return { uri: d.uri, start: s, end: e, message: `DestinationRule ${d.name} (${ctx.ws.relativePath(d.uri)})` };
        }),
      });
    };
    for (const route of vsRoutes(res)) {
      for (const d of route.destinations) check(d.host, d.subset, { protocol: route.protocol, routeIndex: route.index, destinationIndex: d.index });
      if (route.mirror) check(route.mirror.host, route.mirror.subset, { protocol: route.protocol, routeIndex: route.index, mirror: true });
    }
  },
  // Use an existing subset (closest names first, the message's suggestion leading), or add the
  // subset to the DestinationRule with the labels of a workload the Service selects.
  fix(f, ctx) {
    const data = f.data;
    const res = ctx.resource(data?.resource);
    if (!data || !res) return [];
    const route = routeOf(res, data.protocol, data.routeIndex);
    const subset = data.mirror ? route?.mirror?.subset : data.destinationIndex === undefined ? undefined : route?.destinations[data.destinationIndex]?.subset;
    const fixes: RuleFix[] = [];
    const name = data.subset;
    const suggestion = data.suggestion;
    const ranked = [...new Set(data.available)]
      .map((a) => ({ a, d: a === suggestion ? -1 : editDistance(name.toLowerCase(), a.toLowerCase()) }))
      .sort((x, y) => x.d - y.d || (x.a < y.a ? -1 : 1))
      .map((x) => x.a)
      .slice(0, 5);
    if (subset)
      for (const target of ranked) {
        const edits: FileEdits = new Map();
        addEdit(edits, res.uri, replaceScalar(res, subset.node, target));
        fixes.push({ title: `Use existing subset ${target}`, kind: 'suggestion', preferred: target === suggestion, edits });
      }
    const proposal = proposeSubset(ctx.ws, data.fqdn ?? toFQDN(data.host, res.namespace), name);
    if (proposal) {
      const edits: FileEdits = new Map();
      if (insertSubset(ctx.ws, proposal, edits))
        fixes.push({
          title: `Add subset ${name} to DestinationRule ${proposal.dr.name} (${Object.entries(proposal.labels)
            .map(([k, v]) => `${k}=${v}`)
            .join(',')}, from ${proposal.workload.kind} ${proposal.workload.name})`,
          kind: 'suggestion',
          preferred: !suggestion,
          edits,
        });
    }
    return fixes;
  },
});
