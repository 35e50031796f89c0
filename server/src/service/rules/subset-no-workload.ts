import { toFQDN } from '../hosts';
import { podLabelsOf, routesToSubset, subsetWorkloads } from '../links';
import { displayName, formatLabels, labelsMatch, type Resource, type Subset, span } from '../model';
import type { RuleContext } from '../rule';
import { defineRule } from '../rule';
import { get, stringMap } from '../yamlutil';

interface EntryEndpoints {
  se: Resource;
  /** Label sets of the host's endpoints: inline endpoints, and WorkloadEntries its workloadSelector picks. */
  labels: Record<string, string>[];
}

/**
 * The endpoints of a ServiceEntry host (Kiali KIA0203): undefined when the host is a Service, or
 * when no ServiceEntry for it lists endpoints or selects WorkloadEntries in the workspace.
 */
function serviceEntryEndpoints(ctx: RuleContext, fqdn: string): EntryEndpoints | undefined {
  if (ctx.ws.servicesForHost(fqdn).length) return undefined;
  for (const se of ctx.ws.serviceEntriesForHost(fqdn)) {
    if (se.view?.type !== 'ServiceEntry') continue;
    const v = se.view.se;
    const labels = v.endpoints.map((e) => e.labels);
    if (v.workloadSelector && Object.keys(v.workloadSelector).length) {
      for (const we of ctx.ws.ofKind('WorkloadEntry', se.namespace)) {
        const l = stringMap(get(get(we.node, 'spec', we.doc.doc), 'labels', we.doc.doc), we.doc.doc) ?? {};
        if (labelsMatch(v.workloadSelector, l)) labels.push(l);
      }
    }
    if (labels.length) return { se, labels };
  }
  return undefined;
}

function checkEntrySubset(res: Resource, subset: Subset, fqdn: string, entries: EntryEndpoints, ctx: RuleContext): void {
  if (!subset.name || !Object.keys(subset.labels).length) return;
  if (entries.labels.some((l) => labelsMatch(subset.labels, l))) return;
  const routes = routesToSubset(ctx.ws, fqdn, subset.name.value);
  const [start, end] = span(res, subset.labelsNode ?? subset.name.node);
  ctx.report({
    start,
    end,
    severity: routes.length ? 'error' : undefined,
    message: `Subset ${subset.name.value} (${formatLabels(subset.labels)}) selects no endpoint of ${displayName(entries.se)} (${ctx.ws.relativePath(entries.se.uri)}), whose endpoints carry ${entries.labels.slice(0, 4).map(formatLabels).join('; ')}.${routes.length ? ` ${routes.length} route${routes.length > 1 ? 's send' : ' sends'} traffic to it, which fails with 503 (no healthy upstream).` : ''}`,
    data: { resource: res.key, subset: subset.name.value, labels: subset.labels, serviceEntry: entries.se.key, routed: routes.length, certain: true },
  });
}

export default defineRule({
  id: 'subset-no-workload',
  severity: 'warning',
  category: 'links',
  title:
    "A DestinationRule subset whose labels (with the host Service's selector) match no pod template in the workspace; an error when a route sends traffic to it.",
  upstream: ['IST0173', 'KIA0203'],
  kinds: ['DestinationRule'],
  namespaceLinks: true,
  check(res, ctx) {
    if (res.view?.type !== 'DestinationRule' || !res.view.dr.host) return;
    const fqdn = toFQDN(res.view.dr.host.value, res.namespace);
    const entries = serviceEntryEndpoints(ctx, fqdn);
    for (const subset of res.view.dr.subsets) {
      if (!subset.name) continue;
      if (entries) {
        checkEntrySubset(res, subset, fqdn, entries, ctx);
        continue;
      }
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
