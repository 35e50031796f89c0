/**
 * Routing test cases in the format of getyourguide/istio-config-validator: `testCases` with
 * `description`, `wantMatch`, `request` {authority, method, uri, headers} and assertions on
 * the route that takes each request (`route`, `redirect`, `rewrite`, `fault`, `headers`,
 * `delegate`). Every combination of authority × method × uri is one request.
 */
import { type Document, isMap, isSeq, type Node, parseAllDocuments } from 'yaml';
import { type SimResult, simulate } from './simulate';
import type { Workspace } from './workspace';

export const ASSERTIONS = ['route', 'redirect', 'rewrite', 'fault', 'headers', 'delegate', 'backendRefs', 'filters'] as const;

export interface RouteTestCase {
  uri: string;
  /** Offset of the test case in its file. */
  start: number;
  description: string;
  wantMatch: boolean;
  authority: string[];
  method: string[];
  paths: string[];
  headers: Record<string, string>;
  /** Extensions: the gateway (`ns/name` or `mesh`) and port of the requests. */
  gateway?: string;
  port?: number;
  sourceLabels?: Record<string, string>;
  assertions: Partial<Record<(typeof ASSERTIONS)[number], unknown>>;
}

export interface TestFileError {
  uri: string;
  start: number;
  message: string;
}

function strList(v: unknown): string[] | undefined {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.map(String);
  return undefined;
}

/** Parse one test-case file (several YAML documents allowed). Files without `testCases` yield nothing. */
export function parseTestCases(uri: string, text: string): { cases: RouteTestCase[]; errors: TestFileError[]; hasTestCases: boolean } {
  const cases: RouteTestCase[] = [];
  const errors: TestFileError[] = [];
  let hasTestCases = false;
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text) as Document.Parsed[];
  } catch (e) {
    return { cases, errors: [{ uri, start: 0, message: `cannot parse YAML: ${(e as Error).message}` }], hasTestCases };
  }
  for (const doc of docs) {
    if (doc.errors.length) {
      if (/^\s*testCases\s*:/m.test(text))
        errors.push({ uri, start: doc.errors[0].pos[0], message: `YAML syntax error: ${doc.errors[0].message.split('\n')[0]}` });
      continue;
    }
    const root = doc.contents;
    if (!isMap(root)) continue;
    const tcNode = root.get('testCases', true) as Node | undefined;
    if (tcNode === undefined) continue;
    hasTestCases = true;
    if (!isSeq(tcNode)) {
      errors.push({ uri, start: (tcNode as Node)?.range?.[0] ?? 0, message: '`testCases` must be a list' });
      continue;
    }
    for (const item of tcNode.items) {
      const node = item as Node;
      const start = node?.range?.[0] ?? 0;
      const v = (isMap(node) ? node.toJS(doc) : undefined) as Record<string, unknown> | undefined;
      if (!v) {
        errors.push({ uri, start, message: 'a test case must be a mapping' });
        continue;
      }
      const description = typeof v.description === 'string' ? v.description : `test case at offset ${start}`;
      const req = v.request as Record<string, unknown> | undefined;
      const where = `test case "${description}"`;
      if (!req || typeof req !== 'object') {
        errors.push({ uri, start, message: `${where}: \`request\` is missing` });
        continue;
      }
      const authority = strList(req.authority);
      const method = strList(req.method);
      const paths = strList(req.uri);
      const missing = [!authority?.length && 'authority', !method?.length && 'method', !paths?.length && 'uri'].filter(Boolean);
      if (missing.length) {
        errors.push({ uri, start, message: `${where}: request ${missing.join(', ')} list is empty or not a list of strings` });
        continue;
      }
      const headers: Record<string, string> = {};
      if (req.headers && typeof req.headers === 'object') for (const [k, hv] of Object.entries(req.headers as object)) headers[k] = String(hv);
      const assertions: RouteTestCase['assertions'] = {};
      for (const a of ASSERTIONS) if (v[a] !== undefined && v[a] !== null) assertions[a] = v[a];
      if (!Object.keys(assertions).length) {
        errors.push({ uri, start, message: `${where}: asserts nothing (give route, redirect, rewrite, fault, headers or delegate)` });
        continue;
      }
      const sl =
        req.sourceLabels && typeof req.sourceLabels === 'object'
          ? Object.fromEntries(Object.entries(req.sourceLabels as object).map(([k, x]) => [k, String(x)]))
          : undefined;
      cases.push({
        uri,
        start,
        description,
        wantMatch: v.wantMatch === true,
        authority: authority!,
        method: method!,
        paths: paths!,
        headers,
        gateway: typeof req.gateway === 'string' ? req.gateway : undefined,
        port: typeof req.port === 'number' ? req.port : undefined,
        sourceLabels: sl,
        assertions,
      });
    }
  }
  return { cases, errors, hasTestCases };
}

/** Protobuf-style normalization: zero values and empty containers are absent. */
export function normalizeValue(v: unknown): unknown {
  if (Array.isArray(v)) {
    const arr = v.map(normalizeValue);
    return arr.length ? arr : undefined;
  }
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const n = normalizeValue((v as Record<string, unknown>)[k]);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (v === null || v === '' || v === 0 || v === false) return undefined;
  return v;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalizeValue(a) ?? null) === JSON.stringify(normalizeValue(b) ?? null);
}

export interface RequestOutcome {
  authority: string;
  method: string;
  uri: string;
  pass: boolean;
  /** One line per assertion that went the wrong way. */
  failures: string[];
  result: SimResult;
}

export interface CaseOutcome {
  testCase: RouteTestCase;
  pass: boolean;
  requests: RequestOutcome[];
}

function brief(v: unknown): string {
  const n = normalizeValue(v);
  return n === undefined ? '(none)' : JSON.stringify(n);
}

/** Run one test case: every request of it, every assertion against the route that takes it. */
export function runTestCase(ws: Workspace, tc: RouteTestCase): CaseOutcome {
  const requests: RequestOutcome[] = [];
  for (const path of tc.paths)
    for (const authority of tc.authority)
      for (const method of tc.method) {
        const result = simulate(ws, {
          host: authority,
          path,
          method,
          headers: tc.headers,
          port: tc.port,
          gateway: tc.gateway && tc.gateway !== 'mesh' ? tc.gateway : undefined,
          anyGateway: tc.gateway === undefined,
          sourceLabels: tc.sourceLabels,
        });
        const entry = result.matched ? (result.entry ?? {}) : {};
        const failures: string[] = [];
        for (const [name, want] of Object.entries(tc.assertions)) {
          const got = entry[name];
          const eq = same(got, want);
          if (eq !== tc.wantMatch)
            failures.push(
              tc.wantMatch
                ? `${name}: got ${brief(got)}, want ${brief(want)}`
                : `${name}: got ${brief(got)}, which the test says it must not be (wantMatch: false)`,
            );
        }
        requests.push({ authority, method, uri: path, pass: !failures.length, failures, result });
      }
  return { testCase: tc, pass: requests.every((r) => r.pass), requests };
}
