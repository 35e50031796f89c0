/**
 * The wire protocol shared by the VS Code client, the language server and the web playground:
 * custom request names with their parameter and result types, command ids, code action kinds,
 * the settings section and the version. Plain constants and types: it imports nothing, so every
 * layer may import it (see ARCHITECTURE.md).
 */

/** Replaced at build time with package.json's version (scripts/build.mjs, esbuild `define`). */
declare const MESH_VERSION: string | undefined;

/** The version of mesh-lsp (package.json's, set at build time). */
export const VERSION: string = typeof MESH_VERSION === 'string' ? MESH_VERSION : '0.0.0-dev';

/** The server's name in `initialize`'s serverInfo, and the `source` of its diagnostics. */
export const SERVER_NAME = 'mesh-lsp';

/** The editor settings section: settings are `meshLsp.<key>` (declared in server/src/service/settings.ts). The one definition. */
export const SETTINGS_SECTION = 'meshLsp';

/** LSP-style position and range (0-based lines, UTF-16 characters). */
export interface WirePosition {
  line: number;
  character: number;
}
export interface WireRange {
  start: WirePosition;
  end: WirePosition;
}

/** A custom request: its method name, with its parameter and result types attached (types only). */
export interface RequestDef<P, R> {
  readonly method: string;
  /** Never set: carries the parameter type. */
  readonly params?: P;
  /** Never set: carries the result type. */
  readonly result?: R;
}
const request = <P, R>(method: string): RequestDef<P, R> => ({ method });
/** The parameter and result types of a request. */
export type ParamsOf<T> = T extends RequestDef<infer P, unknown> ? P : never;
export type ResultOf<T> = T extends RequestDef<unknown, infer R> ? R : never;

export interface IndexStatsResult {
  /** Indexed files that hold Kubernetes objects. */
  files: number;
  resources: number;
  folders: number;
}

export interface TrafficSplitParams {
  textDocument: { uri: string };
  position: WirePosition;
}
export interface TrafficSplitResult {
  /** The report, as plain text. */
  text: string;
  /** The VirtualService's name, when the document has one. */
  name?: string;
}

/** One simulated request (the core's SimRequest is this type). */
export interface WhereRequest {
  /** Host (authority) of the request; `host:port` sets the port too. */
  host: string;
  port?: number;
  /** Path, optionally with `?query`. Default `/`. */
  path?: string;
  /** Default GET. */
  method?: string;
  /** Request headers; names are case-insensitive. */
  headers?: Record<string, string>;
  /** Default http. */
  scheme?: string;
  /** `namespace/name` of the gateway that receives the request; absent: a sidecar in the mesh. */
  gateway?: string;
  /** Labels of the calling workload (mesh only), for `sourceLabels` matches. */
  sourceLabels?: Record<string, string>;
  /** Namespace of the caller: resolves short host names in the mesh, and `sourceNamespace` matches. */
  sourceNamespace?: string;
  /**
   * Ignore gateway bindings: every VirtualService takes part whatever its `gateways`, and
   * match-level `gateways` are not checked (how istio-config-validator test cases run).
   */
  anyGateway?: boolean;
}
export interface WhereParams {
  /** The editor command's one-line syntax: `[METHOD] host[:port][/path] [name=value]... [@ns/gateway]`. */
  line?: string;
  request?: WhereRequest;
}
export interface WhereResult {
  matched: boolean;
  summary: string;
  report: string;
  location?: { uri: string; range: WireRange };
  via?: { uri: string; range: WireRange };
  candidates: { uri: string; range: WireRange; name: string; reasons: string[] }[];
}

/** Custom requests the server answers. */
export const IndexStatsRequest = request<Record<string, never>, IndexStatsResult>('meshLsp/indexStats');
export const TrafficSplitRequest = request<TrafficSplitParams, TrafficSplitResult>('meshLsp/trafficSplit');
export const WhereDoesRequestGoRequest = request<WhereParams, WhereResult>('meshLsp/whereDoesRequestGo');
export const REQUESTS = [IndexStatsRequest, TrafficSplitRequest, WhereDoesRequestGoRequest] as const;

/** The editor commands (package.json `contributes.commands`; test/protocol.test.mjs checks they agree). */
export const Commands = {
  showTrafficSplit: 'meshLsp.showTrafficSplit',
  whereDoesRequestGo: 'meshLsp.whereDoesRequestGo',
  advanceCanary: 'meshLsp.advanceCanary',
  promoteCanary: 'meshLsp.promoteCanary',
  rollbackCanary: 'meshLsp.rollbackCanary',
  restartServer: 'meshLsp.restartServer',
  showOutput: 'meshLsp.showOutput',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

/** Code action kinds beyond LSP's standard ones: fix-all (`editor.codeActionsOnSave: {"source.fixAll.meshLsp": "explicit"}`). */
export const CodeActionKinds = {
  sourceFixAll: 'source.fixAll',
  sourceFixAllMesh: 'source.fixAll.meshLsp',
} as const;

/** The playground's page ↔ analysis worker requests (web/src/worker.ts answers them). */
export const PlaygroundMethods = {
  hover: 'hover',
  definition: 'definition',
  completion: 'completion',
  codeLenses: 'codeLenses',
  codeActions: 'codeActions',
  traffic: 'traffic',
  fixAll: 'fixAll',
} as const;
export type PlaygroundMethod = (typeof PlaygroundMethods)[keyof typeof PlaygroundMethods];
