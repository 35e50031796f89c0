import { defineRule } from '../rule';
import { displayName, formatLabels, span } from '../model';
import { toFQDN } from '../hosts';
import { podLabelsOf, routesToSubset, subsetWorkloads } from '../links';

export default defineRule({
  id: 'subset-no-workload',
  severity: 'warning',
  title: "A DestinationRule subset whose labels (with the host Service's selector) match no pod template in the workspace; an error when a route sends traffic to it.",
  upstream: ['IST0173', 'KIA0203'],
  kinds: ['DestinationRule'],
  check(res, ctx) {
    if (res.view?.type !== 'DestinationRule' || !res.view.dr.host) return;
    const fqdn = toFQDN(res.view.dr.host.value, res.namespace);
    for (const subset of res.view.dr.subsets) {
      if (!subset.name) continue;
      const { service, candidates, selected } = subsetWorkloads(ctx.ws, res, subset);
      if (!candidates.length || selected.length || !Object.keys(podLabelsOf(subset.labels)).length) continue;
      const routes = routesToSubset(ctx.ws, fqdn, subset.name.value);
      // Without the host's Service the workloads behind it are not known (chart not rendered,
      // workloads in another repository): the pods of the namespace are only a guess.
      const certain = !!service;
      const [start, end] = span(res, subset.labelsNode ?? subset.name.node);
      const seen = candidates
        .slice(0, 4)
        .map((w) => `${displayName(w)} (${w.view?.type === 'Workload' ? formatLabels(w.view.wl.podLabels) : ''})`)
        .join('; ');
      ctx.report({
        start,
        end,
        severity: !certain ? 'hint' : routes.length ? 'error' : undefined,
        message: `Subset ${subset.name.value} (${formatLabels(subset.labels)}) selects no workload: ${service ? `Service ${service.name} selects` : `namespace ${res.namespace} has`} ${seen}${candidates.length > 4 ? ` and ${candidates.length - 4} more` : ''}, none with these labels.${
          !certain
            ? ` No Service for ${fqdn} is in the workspace, so its workloads may be elsewhere; if none carries these labels, traffic to the subset fails with 503.`
            : routes.length
              ? ` ${routes.length} route${routes.length > 1 ? 's send' : ' sends'} traffic to it, which fails with 503 (no healthy upstream).`
              : ''
        }`,
        data: { resource: res.key, subset: subset.name.value, labels: subset.labels, service: service?.key, routed: routes.length, certain },
        related: routes.slice(0, 10).map(({ vs, dest }) => {
          const [s, e] = span(vs, dest.subset?.node ?? dest.node);
          return { uri: vs.uri, start: s, end: e, message: `routed by VirtualService ${vs.name} (${ctx.ws.relativePath(vs.uri)})` };
        }),
      });
    }
  },
});
