/** Traffic split of routes: used by code lens, hover on a weight, and the "show traffic split" command. */
import { toFQDN } from '../hosts';
import { baseName, destinationLabel, findSubset, subsetWorkloads } from '../links';
import { displayName, formatLabels, type Resource, type Route } from '../model';
import { percent } from '../text';
import type { Workspace } from '../workspace';

export interface Share {
  label: string;
  weight: number;
  percent: string;
}

/** Effective shares of a route (Istio: weights are relative; one destination gets everything). */
export function routeShares(route: Route): Share[] {
  const ds = route.destinations;
  if (ds.length === 1) return [{ label: destinationLabel(ds[0]), weight: ds[0].weight?.value ?? 100, percent: '100%' }];
  const weights = ds.map((d) => Math.max(0, d.weight?.value ?? 0));
  const total = weights.reduce((a, b) => a + b, 0);
  return ds.map((d, i) => ({ label: destinationLabel(d), weight: weights[i], percent: percent(weights[i], total) }));
}

/** `v1 70% · v2 30%` */
export function splitTitle(route: Route): string {
  const shares = routeShares(route);
  if (!shares.length) return route.hasRedirect ? 'redirect' : route.hasDirectResponse ? 'direct response' : route.hasDelegate ? 'delegate' : 'no destination';
  return shares.map((s) => `${s.label} ${s.percent}`).join(' · ');
}

export function routeTitle(route: Route): string {
  return `${route.protocol}[${route.index}]${route.name ? ` ${route.name}` : ''}`;
}

/** A readable summary of every route of a VirtualService: split, resolved subsets and workloads. */
export function trafficSplitReport(ws: Workspace, vs: Resource): string {
  if (vs.view?.type !== 'VirtualService') return `${displayName(vs)} is not a VirtualService.`;
  const v = vs.view.vs;
  const lines: string[] = [`${displayName(vs)} (${baseName(vs.uri)})`];
  lines.push(`hosts: ${v.hosts.map((h) => h.value).join(', ') || '(none)'}; gateways: ${v.gateways.map((g) => g.value).join(', ') || 'mesh'}`);
  for (const route of [...v.http, ...v.tcp, ...v.tls]) {
    lines.push('', `${routeTitle(route)}: ${splitTitle(route)}`);
    const shares = routeShares(route);
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
