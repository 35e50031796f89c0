/** Traffic split of routes: used by code lens, hover on a weight, and the "show traffic split" command. */
import { toFQDN } from '../hosts';
import { baseName, findSubset, subsetWorkloads } from '../links';
import { displayName, formatLabels, type Resource, type Route } from '../model';
import { routeLabel } from '../query/routes';
import { destinationSplit, splitSummary } from '../query/weights';
import type { Workspace } from '../workspace';

/** `v1 70% · v2 30%`, or what the route does instead of routing (`redirect`, `no destination`). */
export function splitTitle(route: Route): string {
  if (!route.destinations.length)
    return route.hasRedirect ? 'redirect' : route.hasDirectResponse ? 'direct response' : route.hasDelegate ? 'delegate' : 'no destination';
  return splitSummary(destinationSplit(route));
}

/** A readable summary of every route of a VirtualService: split, resolved subsets and workloads. */
export function trafficSplitReport(ws: Workspace, vs: Resource): string {
  if (vs.view?.type !== 'VirtualService') return `${displayName(vs)} is not a VirtualService.`;
  const v = vs.view.vs;
  const lines: string[] = [`${displayName(vs)} (${baseName(vs.uri)})`];
  lines.push(`hosts: ${v.hosts.map((h) => h.value).join(', ') || '(none)'}; gateways: ${v.gateways.map((g) => g.value).join(', ') || 'mesh'}`);
  for (const route of [...v.http, ...v.tcp, ...v.tls]) {
    lines.push('', `${routeLabel(route)}: ${splitTitle(route)}`);
    const shares = destinationSplit(route).targets;
    route.destinations.forEach((d, i) => {
      const host = d.host?.value ?? '(no host)';
      const fqdn = d.host ? toFQDN(d.host.value, vs.namespace) : '';
      let detail = '';
      if (d.subset && fqdn) {
        const { matches } = findSubset(ws, fqdn, d.subset.value);
        if (!matches.length) detail = ' — subset not defined';
        else {
          const m = matches[0];
          const wl = subsetWorkloads(ws, m.dr, m.subset);
          detail = ` — DestinationRule ${m.dr.name} (${formatLabels(m.subset.labels)})`;
          if (wl.service)
            detail += wl.selected.length
              ? `; workloads: ${wl.selected.map((w) => w.name ?? '<unnamed>').join(', ')}`
              : wl.candidates.length
                ? '; selects no workload'
                : '';
        }
      }
      lines.push(`  ${shares[i]?.percent.padStart(6) ?? ''}  ${host}${d.subset ? ` subset ${d.subset.value}` : ''}${detail}`);
    });
  }
  return lines.join('\n');
}
