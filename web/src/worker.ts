/**
 * The analysis worker: the core (server/src/service) over a workspace of the playground's files.
 * Text updates are coalesced: the latest text of each file is applied before any request is answered
 * and before diagnostics are computed, so answers always match what the page sent last.
 */
import {
  applyFixes,
  codeActions,
  codeLenses,
  completion,
  completionProviders,
  createWorkspace,
  definition,
  destinationLabel,
  destinationSplit,
  findSubset,
  formatLabels,
  hover,
  hoverProviders,
  type Resource,
  type Route,
  resourceAt,
  routeLabel,
  schemaCompletion,
  schemaHover,
  span,
  splitTitle,
  subsetWorkloads,
  toFQDN,
  type Workspace,
} from '../../server/src/service/index';
import type { CodeAction, FromWorker, PageDiagnostic, PlaygroundMethod, ToWorker, TrafficRoute, TrafficView } from './protocol';

// Schema field hover and key completion come from monaco-yaml on the page (same schemas); keep one of each.
for (const [list, p] of [
  [hoverProviders, schemaHover],
  [completionProviders, schemaCompletion],
] as [unknown[], unknown][]) {
  const i = list.indexOf(p);
  if (i !== -1) list.splice(i, 1);
}

const ws: Workspace = createWorkspace({});
const pending = new Map<string, string | null>();
const dirty = new Set<string>();
let seq = 0;
let started = 0;
let scheduled = false;

const post = (m: FromWorker) => (self as unknown as Worker).postMessage(m);

function flush(): void {
  for (const [uri, text] of pending) {
    const r = text === null ? ws.removeFile(uri) : ws.setFile(uri, text);
    for (const u of r.affected) dirty.add(u);
  }
  pending.clear();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setTimeout(publish, 0);
}

function publish(): void {
  scheduled = false;
  flush();
  // Findings leave the worker as what the page shows and their ids (their fixes' input, `data`, stays here).
  const files = [...dirty].map((uri) => ({
    uri,
    diagnostics: (ws.hasFile(uri) ? ws.diagnostics(uri) : []).map(
      ({ id, rule, severity, message, range, related }): PageDiagnostic => ({ id, rule, severity, message, range, ...(related ? { related } : {}) }),
    ),
  }));
  dirty.clear();
  let resources = 0;
  for (const f of ws.allFiles()) resources += f.resources.length;
  post({ t: 'diagnostics', seq, ms: performance.now() - started, files, resources });
  started = 0;
}

function matchSummary(route: Route): string {
  const m = route.matchNode?.toJSON?.();
  if (!Array.isArray(m) || !m.length) return 'any request';
  const one = (c: Record<string, unknown>): string => {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(c ?? {})) {
      if (k === 'name') continue;
      if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        const ops = ['exact', 'prefix', 'regex'];
        if (Object.keys(o).some((x) => ops.includes(x)))
          parts.push(
            `${k} ${Object.entries(o)
              .map(([op, val]) => `${op} ${val}`)
              .join(' ')}`,
          );
        else
          for (const [sub, sv] of Object.entries(o))
            parts.push(
              `${k} ${sub} ${
                sv && typeof sv === 'object'
                  ? Object.entries(sv)
                      .map(([op, val]) => `${op} ${val}`)
                      .join(' ')
                  : sv
              }`,
            );
      } else parts.push(`${k} ${v}`);
    }
    return parts.join(' and ') || 'any request';
  };
  return m.map(one).join(' or ');
}

function destinationDetail(vs: Resource, d: Route['destinations'][number]): { detail: string; ok: boolean } {
  if (!d.host) return { detail: 'no host', ok: false };
  const fqdn = toFQDN(d.host.value, vs.namespace);
  if (!d.subset) return { detail: fqdn, ok: true };
  const { matches } = findSubset(ws, fqdn, d.subset.value);
  if (!matches.length) return { detail: `subset ${d.subset.value} not defined`, ok: false };
  const m = matches[0];
  const wl = subsetWorkloads(ws, m.dr, m.subset);
  let detail = `${formatLabels(m.subset.labels)}`;
  if (wl.service) detail += wl.selected.length ? ` → ${wl.selected.map((w) => w.name ?? '?').join(', ')}` : ' → no workload';
  return { detail, ok: !wl.service || wl.selected.length > 0 };
}

function traffic(uri: string, position: { line: number; character: number }): TrafficView | null {
  const file = ws.getFile(uri);
  if (!file) return null;
  const here = resourceAt(file, file.lines.offsetAt(position));
  let vs = here?.kind === 'VirtualService' ? here : undefined;
  // In a DestinationRule: the VirtualService that routes to its host (possibly in another file).
  if (!vs && here?.view?.type === 'DestinationRule' && here.view.dr.host) vs = ws.virtualServicesRoutingTo(toFQDN(here.view.dr.host.value, here.namespace))[0];
  vs ??= file.resources.find((r) => r.kind === 'VirtualService');
  if (vs?.view?.type !== 'VirtualService') return null;
  const vsFile = ws.getFile(vs.uri) ?? file;
  const v = vs.view.vs;
  const routes: TrafficRoute[] = [...v.http, ...v.tcp, ...v.tls].map((route) => {
    const shares = destinationSplit(route).targets;
    return {
      title: routeLabel(route),
      match: matchSummary(route),
      summary: splitTitle(route),
      line: vsFile.lines.positionAt(span(vs!, route.node)[0]).line,
      destinations: route.destinations.map((d, i) => ({
        label: destinationLabel(d),
        host: d.host?.value ?? '',
        subset: d.subset?.value,
        weight: shares[i]?.weight ?? 0,
        percent: shares[i]?.percent ?? '',
        ...destinationDetail(vs!, d),
      })),
    };
  });
  return {
    uri: vs.uri,
    name: vs.name ?? '(unnamed)',
    namespace: vs.namespace,
    hosts: v.hosts.map((h) => h.value),
    gateways: v.gateways.map((g) => g.value),
    routes,
  };
}

const methods: Record<PlaygroundMethod, (p: any) => unknown> = {
  hover: (p) => hover(ws, p.uri, p.position),
  definition: (p) => definition(ws, p.uri, p.position),
  completion: (p) => completion(ws, p.uri, p.position),
  codeLenses: (p) => (ws.hasFile(p.uri) ? codeLenses(ws, p.uri) : []),
  codeActions: (p): CodeAction[] => {
    if (!ws.getFile(p.uri)) return [];
    return codeActions(ws, p.uri, p.range, ws.settings, p.only, p.ids).map(({ findings, ...a }) => ({
      ...a,
      diagnostics: (findings ?? []).flatMap((f) => (f.id ? [f.id] : [])),
    }));
  },
  traffic: (p) => traffic(p.uri, p.position),
  fixAll: () => {
    const uris = ws.fileUris();
    const { changed, applied } = applyFixes(ws, uris);
    for (const u of changed.keys()) dirty.add(u);
    for (const u of uris) dirty.add(u);
    schedule();
    return { applied, files: [...changed].map(([uri, [, text]]) => ({ uri, text })) };
  },
};

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  if (m.t === 'req') {
    flush();
    try {
      const fn = methods[m.method];
      if (!fn) throw new Error(`unknown method ${m.method}`);
      post({ t: 'res', id: m.id, result: fn(m.params) ?? null });
    } catch (err) {
      post({ t: 'res', id: m.id, error: String((err as Error)?.stack ?? err) });
    }
    return;
  }
  if (!started) started = performance.now();
  seq = m.seq;
  if (m.t === 'reset') {
    for (const u of ws.fileUris()) pending.set(u, null);
    for (const f of m.files) pending.set(f.uri, f.text);
  } else if (m.t === 'set') pending.set(m.uri, m.text);
  else pending.set(m.uri, null);
  schedule();
};
