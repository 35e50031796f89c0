/**
 * Hover: composed from providers. A provider returns markdown for the cursor or undefined;
 * the first answer wins: Gateway API references, then mesh links, then schema field docs.
 * Every value from the YAML goes into the Markdown through mdText or mdCode (text.ts).
 */
import type { Hover, Position } from 'vscode-languageserver-types';
import { describeResolution, toFQDN } from '../hosts';
import { findSubset, gatewayTargets, resolveHost, subsetWorkloads } from '../links';
import { displayName, formatLabels, type Resource, span } from '../model';
import { egressImports, parsePrincipal, principalTargets, selectedWorkloads, selectsAcrossMesh } from '../query/policies';
import { destinationSplit } from '../query/weights';
import { mdCode as code, mdText as esc } from '../text';
import type { Workspace } from '../workspace';
import { buildHover } from './builds';
import { cursorAt, type HoverProvider } from './context';
import { gatewayApiHover } from './gatewayapi-features';
import { schemaHover } from './schema-docs';
import { splitTitle } from './split';
import { where } from './util';

const meshHover: HoverProvider = (ws, cursor) => {
  const t = cursor.target;
  if (!t) return undefined;
  const [start, end] = span(t.res, t.node);
  const out = (markdown: string) => ({ markdown, start, end });
  /** A list line naming a resource and where it is. */
  const item = (r: Resource) => `- ${esc(displayName(r))} — ${esc(where(ws, r))}`;
  switch (t.type) {
    case 'dest-subset':
    case 'mirror-subset': {
      const hostValue = t.type === 'dest-subset' ? t.dest.host?.value : t.host?.value;
      if (!hostValue) return out(`Subset **${esc(t.value)}** (destination has no host)`);
      const fqdn = toFQDN(hostValue, t.res.namespace);
      const { drs, matches, available } = findSubset(ws, fqdn, t.value);
      if (!matches.length)
        return out(
          drs.length
            ? `Subset **${esc(t.value)}** is not defined for ${code(fqdn)}. Defined: ${available.map(esc).join(', ') || 'none'}.`
            : `Subset **${esc(t.value)}**: no DestinationRule for ${code(fqdn)} in the workspace.`,
        );
      const parts = matches.map((m) => {
        const wl = subsetWorkloads(ws, m.dr, m.subset);
        const wls = wl.selected.length
          ? wl.selected.map(item).join('\n')
          : wl.service
            ? wl.candidates.length
              ? '- _selects no workload_'
              : '- _no workload of the Service in the workspace_'
            : '- _no Service for the host in the workspace_';
        return `Subset **${esc(t.value)}** of DestinationRule **${esc(m.dr.name ?? '')}** (${esc(where(ws, m.dr, m.subset.name?.node))})\n\nlabels: ${code(formatLabels(m.subset.labels))}\n\nworkloads:\n${wls}`;
      });
      return out(parts.join('\n\n---\n\n'));
    }
    case 'dest-host':
    case 'mirror-host':
    case 'vs-host':
    case 'dr-host': {
      const r = resolveHost(ws, t.value, t.res.namespace);
      const targets = [
        ...r.services.map((s) => `- Service **${esc(s.name ?? '')}** (namespace ${esc(s.namespace)}) — ${esc(where(ws, s))}`),
        ...r.serviceEntries.map((s) => `- ServiceEntry **${esc(s.name ?? '')}** (namespace ${esc(s.namespace)}) — ${esc(where(ws, s))}`),
      ];
      return out(
        `Host ${code(describeResolution(t.value, t.res.namespace))}\n\n${targets.length ? targets.join('\n') : '_No Service or ServiceEntry for it in the workspace._'}`,
      );
    }
    case 'weight': {
      const split = destinationSplit(t.route);
      const i = t.route.destinations.indexOf(t.dest);
      return out(
        `Weight **${esc(String(t.dest.weight?.value ?? '?'))}** → **${esc(split.targets[i]?.percent ?? '?')}** of this route's traffic (weights total ${split.total}; Istio treats them as relative).\n\nSplit: ${esc(splitTitle(t.route))}`,
      );
    }
    case 'gateway-ref': {
      if (t.ref.mesh) return out('`mesh`: the reserved name for all sidecars of the mesh.');
      const gws = gatewayTargets(ws, t.ref);
      if (!gws.length) return out(`Gateway ${code(`${t.ref.namespace}/${t.ref.name}`)}: not defined in the workspace.`);
      return out(
        gws
          .map((g) => {
            const servers =
              g.view?.type === 'Gateway'
                ? g.view.gw.servers
                    .map((s) => `- ${esc(`${s.port?.protocol ?? '?'} ${s.port?.number ?? '?'}: ${s.hosts.map((h) => h.value).join(', ')}`)}`)
                    .join('\n')
                : '';
            return `Gateway **${esc(g.name ?? '')}** (namespace ${esc(g.namespace)}) — ${esc(where(ws, g))}\n\nselector: ${code(g.view?.type === 'Gateway' ? formatLabels(g.view.gw.selector) : '')}\n\n${servers}`;
          })
          .join('\n\n---\n\n'),
      );
    }
    case 'dr-subset':
    case 'dr-labels': {
      const wl = subsetWorkloads(ws, t.res, t.subset);
      const list = wl.selected.map(item).join('\n');
      return out(
        `Subset **${esc(t.subset.name?.value ?? '?')}** labels ${code(formatLabels(t.subset.labels))}\n\n${list || (wl.service ? '_selects no workload in the workspace_' : '_no Service for the host in the workspace_')}`,
      );
    }
    case 'policy-selector': {
      const wls = selectedWorkloads(ws, t.res, t.selector);
      const scope = selectsAcrossMesh(ws, t.res) ? 'every namespace (root namespace: mesh-wide)' : `namespace ${esc(t.res.namespace)}`;
      const list = wls.map(item).join('\n');
      return out(
        `${esc(t.res.kind)} selector ${code(formatLabels(t.selector))} in ${scope}\n\n${list ? `selects:\n${list}` : '_selects no workload in the workspace_'}`,
      );
    }
    case 'principal': {
      const p = parsePrincipal(t.value);
      if (!p) return out(`Principal ${code(t.value)}: not of the form \`<trust domain>/ns/<namespace>/sa/<service account>\`.`);
      const { workloads, accounts } = principalTargets(ws, t.value);
      const list = [...accounts.map(item), ...workloads.map(item)].join('\n');
      return out(
        `Principal: service account **${esc(p.serviceAccount)}** of namespace **${esc(p.namespace)}** (the identity of its workloads' mTLS certificates)\n\n${list ? `runs as it:\n${list}` : '_no workload of the workspace runs as it_'}`,
      );
    }
    case 'egress-host': {
      const imports = egressImports(ws, t.res.namespace, t.value);
      const list = imports
        .slice(0, 20)
        .map((i) => `- ${esc(i.res.kind)} **${esc(i.res.name ?? '')}** (namespace ${esc(i.res.namespace)}): ${code(i.host)} — ${esc(where(ws, i.res))}`)
        .join('\n');
      return out(
        `Egress host ${code(t.value)}: the proxies this Sidecar configures import${list ? `:\n${list}${imports.length > 20 ? `\n- … and ${imports.length - 20} more` : ''}` : ' nothing the workspace defines.'}`,
      );
    }
    default:
      return undefined;
  }
};

/** Providers, in order: the link-aware ones answer first where they apply. */
export const hoverProviders: HoverProvider[] = [gatewayApiHover, meshHover, buildHover, schemaHover];

export function hover(ws: Workspace, uri: string, position: Position): Hover | null {
  const file = ws.getFile(uri);
  if (!file) return null;
  const cursor = cursorAt(ws, uri, file.lines.offsetAt(position));
  if (!cursor) return null;
  for (const p of hoverProviders) {
    const h = p(ws, cursor);
    if (h) return { contents: { kind: 'markdown', value: h.markdown }, range: file.lines.range(h.start, h.end) };
  }
  return null;
}
