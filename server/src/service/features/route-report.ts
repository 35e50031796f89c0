/** Text reports of a route simulation (CLI, editor command), and the one-line request syntax of the editor command. */
import { displayName, type Resource } from '../model';
import type { MatchedRoute, SimRequest, SimResult } from '../simulate';
import type { Workspace } from '../workspace';

export type PathOf = (uri: string) => string;

/** `path:line` of an offset in a workspace file. */
export function locate(ws: Workspace, pathOf: PathOf, uri: string, offset: number): string {
  const file = ws.getFile(uri);
  const line = file ? file.lines.positionAt(offset).line + 1 : 0;
  return `${pathOf(uri)}:${line}`;
}

export function resourceLocation(ws: Workspace, pathOf: PathOf, res: Resource): string {
  return locate(ws, pathOf, res.uri, res.doc.base + (res.nameNode?.range?.[0] ?? res.node.range?.[0] ?? 0));
}

export function describeRoute(ws: Workspace, pathOf: PathOf, r: MatchedRoute): string {
  const match = r.matchIndex === -1 ? ' (no match: takes every request)' : r.matchIndex >= 0 ? `, match[${r.matchIndex}]` : '';
  return `${displayName(r.resource)} ${r.label}${match} at ${locate(ws, pathOf, r.uri, r.start)}`;
}

/** One line: where the request goes (`reviews subset v2 100%`), or why it goes nowhere. */
export function simulationSummary(r: SimResult): string {
  if (!r.matched) return r.reason ?? 'no route takes the request';
  if (r.action === 'redirect') return 'redirect';
  if (r.action === 'directResponse') return 'direct response';
  if (r.action === 'delegate') return 'delegate (not resolved)';
  const d = r.destinations
    .map((x) => `${x.fqdn || x.host}${x.subset ? ` subset ${x.subset}` : ''}${x.port !== undefined ? `:${x.port}` : ''} ${x.percent}`)
    .join(', ');
  return r.action === 'no-backend' ? `HTTP 500 (${r.notes[r.notes.length - 1] ?? 'no backend'})` : d || 'no destination';
}

export function simulationReport(ws: Workspace, pathOf: PathOf, r: SimResult): string {
  const lines: string[] = [];
  const req = r.request;
  const hdrs = Object.entries(req.headers);
  lines.push(
    `Request: ${req.method} ${req.scheme}://${req.host}${req.path}${hdrs.length ? ` [${hdrs.map(([k, v]) => `${k}: ${v}`).join(', ')}]` : ''} via ${req.context}`,
  );
  if (r.matched && r.route) {
    lines.push(`Matched: ${describeRoute(ws, pathOf, r.route)}`);
    if (r.via) lines.push(`  delegated from ${describeRoute(ws, pathOf, r.via)}`);
    if (r.action === 'redirect') lines.push(`  redirect: ${JSON.stringify(r.entry?.redirect ?? r.entry?.filters ?? {})}`);
    else if (r.action === 'directResponse') lines.push(`  direct response: ${JSON.stringify(r.entry?.directResponse ?? {})}`);
    else if (r.action === 'delegate') lines.push(`  delegate: ${JSON.stringify(r.entry?.delegate ?? {})} (not resolved)`);
    // What else the route does to the request on the way.
    const e = r.entry ?? {};
    for (const key of ['rewrite', 'fault', 'mirror', 'mirrorPercentage', 'headers', 'timeout', 'retries', 'corsPolicy'])
      if (e[key] !== undefined && e[key] !== null) lines.push(`  ${key}: ${JSON.stringify(e[key])}`);
    if (Array.isArray(e.filters))
      for (const f of e.filters as Record<string, unknown>[])
        if (f && f.type !== 'RequestRedirect')
          lines.push(`  filter ${String(f.type)}: ${JSON.stringify(Object.fromEntries(Object.entries(f).filter(([k]) => k !== 'type')))}`);
    const w = Math.max(0, ...r.destinations.map((d) => d.percent.length));
    for (const d of r.destinations)
      lines.push(
        `  ${d.percent.padStart(w)}  ${d.fqdn || d.host || '(no host)'}${d.subset ? ` subset ${d.subset}` : ''}${d.port !== undefined ? ` port ${d.port}` : ''}  (weight ${d.weight})`,
      );
  } else {
    lines.push(`No route matches: ${r.reason ?? 'no route takes the request'}`);
    for (const d of r.destinations) lines.push(`  ${d.percent}  ${d.fqdn}`);
  }
  if (r.matched && r.candidates.length) lines.push('Not taken:');
  for (const c of r.candidates) {
    lines.push(`  ${displayName(c.resource)} (${resourceLocation(ws, pathOf, c.resource)}):`);
    for (const why of c.reasons) lines.push(`    - ${why}`);
  }
  for (const n of r.notes) lines.push(`Note: ${n}`);
  return `${lines.join('\n')}\n`;
}

export const REQUEST_LINE_HELP = '[METHOD] host[:port][/path][?query] [header=value]... [@namespace/gateway]';

/**
 * Parse the editor command's request line, e.g.
 * `GET reviews/api/v1 end-user=jason` or `bookinfo.example.com/productpage @bookinfo/bookinfo-gateway`.
 */
export function parseRequestLine(line: string): SimRequest | { error: string } {
  const tokens = line.trim().split(/\s+/).filter(Boolean);
  if (!tokens.length) return { error: `give a request: ${REQUEST_LINE_HELP}` };
  let method: string | undefined;
  if (/^[A-Z]+$/.test(tokens[0]) && tokens.length > 1) method = tokens.shift();
  let target = tokens.shift()!.replace(/^https?:\/\//, (m) => m);
  let scheme: string | undefined;
  const sm = /^(https?):\/\//.exec(target);
  if (sm) {
    scheme = sm[1];
    target = target.slice(sm[0].length);
  }
  const cut = target.search(/[/?]/);
  const host = cut === -1 ? target : target.slice(0, cut);
  let path = cut === -1 ? '/' : target.slice(cut);
  if (path.startsWith('?')) path = `/${path}`;
  if (!host || host.includes('=')) return { error: `the request needs a host first: ${REQUEST_LINE_HELP}` };
  const headers: Record<string, string> = {};
  let gateway: string | undefined;
  for (const t of tokens) {
    if (t.startsWith('@')) {
      gateway = t.slice(1);
      if (!gateway) return { error: 'give the gateway as @namespace/name' };
      continue;
    }
    const eq = t.indexOf('=');
    if (eq <= 0) return { error: `"${t}" is not a header (name=value) or a gateway (@namespace/name)` };
    headers[t.slice(0, eq)] = t.slice(eq + 1);
  }
  return { host, path, method, headers, gateway: gateway === 'mesh' ? undefined : gateway, scheme };
}
