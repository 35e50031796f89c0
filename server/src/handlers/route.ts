/** The "Where does this request go?" request: simulate one request against the workspace and return the matching route's location. */
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { uriToPath } from '../node/loader';
import { WhereDoesRequestGoRequest, type WhereParams, type WhereResult } from '../protocol';
import { parseRequestLine, simulationReport, simulationSummary } from '../service/features/route-report';
import { type SimRequest, simulate } from '../service/simulate';
import { guarded } from './features';
import type { ServerState } from './state';

export type { WhereParams, WhereResult } from '../protocol';

export function registerRoute(state: ServerState): void {
  state.connection.onRequest(
    WhereDoesRequestGoRequest.method,
    guarded(state, 'whereDoesRequestGo', (p: WhereParams): WhereResult => {
      let request: SimRequest | undefined = p?.request;
      if (!request) {
        const parsed = parseRequestLine(p?.line ?? '');
        if ('error' in parsed) throw new ResponseError(ErrorCodes.InvalidParams, parsed.error);
        request = parsed;
      }
      if (!request.host) throw new ResponseError(ErrorCodes.InvalidParams, 'the request has no host');
      const ws = state.ws;
      const result = simulate(ws, request);
      const range = (uri: string, start: number, end: number) => ws.getFile(uri)!.lines.range(start, end);
      const pathOf = (uri: string) => {
        const path = uriToPath(uri) ?? uri;
        for (const f of state.folders) if (path.startsWith(`${f}/`)) return path.slice(f.length + 1);
        return path;
      };
      return {
        matched: result.matched,
        summary: simulationSummary(result),
        report: simulationReport(ws, pathOf, result),
        location: result.route ? { uri: result.route.uri, range: range(result.route.uri, result.route.start, result.route.end) } : undefined,
        via: result.via ? { uri: result.via.uri, range: range(result.via.uri, result.via.start, result.via.end) } : undefined,
        candidates: result.candidates.map((c) => {
          const start = c.resource.doc.base + (c.resource.nameNode?.range?.[0] ?? 0);
          return {
            uri: c.resource.uri,
            range: range(c.resource.uri, start, start),
            name: `${c.resource.kind} ${c.resource.namespace}/${c.resource.name ?? ''}`,
            reasons: c.reasons,
          };
        }),
      };
    }),
  );
}
