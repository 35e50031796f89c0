/**
 * Schema validation of Istio resources against the generated JSON schemas (ajv, compiled
 * lazily per kind and version). Each ajv error's instance path is mapped back to the YAML
 * node, so findings point at the exact key or value.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { isMap, isPair, isSeq, type Node, type Pair } from 'yaml';
import type { Resource } from '../model';
import { keyName } from '../yamlutil';
import { SCHEMAS } from './schemas.gen';

export type JsonSchema = {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  required?: string[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  not?: JsonSchema;
  minimum?: number;
  maximum?: number;
  deprecated?: boolean;
};

export interface SchemaIssue {
  kind: 'unknown-field' | 'invalid-value' | 'missing-field';
  message: string;
  node: Node | Pair;
  path: (string | number)[];
  data: Record<string, unknown>;
}

// Schemas are parsed on first use (SCHEMAS holds them as JSON text behind a getter).
const byKey = new Map<string, { readonly schema: unknown }>();
for (const s of SCHEMAS) byKey.set(`${s.apiVersion}|${s.kind}`, s);

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

export function schemaFor(apiVersion: string, kind: string): JsonSchema | undefined {
  return byKey.get(`${apiVersion}|${kind}`)?.schema as JsonSchema | undefined;
}

export function hasSchemaForGroup(group: string): boolean {
  for (const s of SCHEMAS) if (s.apiVersion.startsWith(group + '/')) return true;
  return false;
}

/** A source of precompiled validators (ajv standalone code, built with the same options); the Node entry points install one. */
export type PrecompiledValidators = (apiVersion: string, kind: string) => ValidateFunction | undefined;
let precompiled: PrecompiledValidators | undefined;

export function setPrecompiledValidators(source: PrecompiledValidators | undefined): void {
  precompiled = source;
  compiled.clear();
}

function validator(apiVersion: string, kind: string): ValidateFunction | undefined {
  const key = `${apiVersion}|${kind}`;
  let v = compiled.get(key);
  if (v) return v;
  if (!byKey.has(key)) return undefined;
  try {
    v = precompiled?.(apiVersion, kind);
  } catch {
    v = undefined;
  }
  if (v) {
    compiled.set(key, v);
    return v;
  }
  const schema = byKey.get(key)!.schema as JsonSchema;
  // Unoptimized code generation compiles about 2.5 times faster, which matters more here than validation speed.
  ajv ??= new Ajv({ allErrors: true, strict: false, verbose: true, validateSchema: false, addUsedSchema: false, code: { optimize: false } });
  const { $id: _id, $schema: _s, ...rest } = schema as JsonSchema & { $id?: string; $schema?: string };
  v = ajv.compile(rest);
  compiled.set(key, v);
  return v;
}

function decodePointer(p: string): string[] {
  return p
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The YAML node at a JSON pointer path from `root`: [valueNode, pairOfIt]. */
export function nodeAt(root: Node, path: string[]): { node?: Node; pair?: Pair } {
  let node: Node | null | undefined = root;
  let pair: Pair | undefined;
  for (const seg of path) {
    if (isMap(node)) {
      pair = node.items.find((p) => isPair(p) && keyName(p) === seg) as Pair | undefined;
      node = pair?.value as Node | null | undefined;
    } else if (isSeq(node)) {
      pair = undefined;
      node = node.items[Number(seg)] as Node | undefined;
    } else return { node: undefined, pair };
    if (!node) return { node: undefined, pair };
  }
  return { node: node ?? undefined, pair };
}

/** The schema that applies at a path (following properties, items and additionalProperties). */
export function schemaAt(schema: JsonSchema | undefined, path: (string | number)[]): JsonSchema | undefined {
  const root = schema as (JsonSchema & { definitions?: Record<string, JsonSchema> }) | undefined;
  const deref = (x: JsonSchema | undefined): JsonSchema | undefined => {
    for (let i = 0; i < 8 && x && (x as { $ref?: string }).$ref; i++) {
      const ref = (x as { $ref: string }).$ref;
      const target: JsonSchema | undefined = ref.startsWith('#/definitions/') ? root?.definitions?.[decodeURIComponent(ref.slice(14))] : undefined;
      x = target ? { ...target, description: x.description ?? target.description } : undefined;
    }
    return x;
  };
  let s = deref(schema);
  for (const seg of path) {
    s = deref(s);
    if (!s) return undefined;
    if (typeof seg === 'number' || /^\d+$/.test(String(seg))) {
      if (s.items) {
        s = s.items;
        continue;
      }
    }
    const key = String(seg);
    if (s.properties?.[key]) s = s.properties[key];
    else if (s.additionalProperties && typeof s.additionalProperties === 'object') s = s.additionalProperties;
    else {
      const alt = [...(s.oneOf ?? []), ...(s.anyOf ?? []), ...(s.allOf ?? [])].find((x) => x.properties?.[key]);
      s = alt?.properties?.[key];
    }
  }
  return deref(s);
}

function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string "${v.length > 40 ? v.slice(0, 40) + '…' : v}"`;
  return `${typeof v} ${String(v)}`;
}

function typeWords(t: unknown): string {
  const list = Array.isArray(t) ? t : [t];
  return list
    .filter((x) => x !== 'null')
    .map((x) => (x === 'object' ? 'a mapping' : x === 'array' ? 'a list' : x === 'integer' ? 'an integer' : x === 'number' ? 'a number' : x === 'boolean' ? 'true or false' : 'a string'))
    .join(' or ');
}

function closestKey(word: string, candidates: string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[\s_-]/g, '');
  const w = norm(word);
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = lev(w, norm(c));
    if (d < bestD) [best, bestD] = [c, d];
  }
  if (!best) return undefined;
  return bestD <= Math.max(1, Math.floor(Math.max(word.length, best.length) / 3)) ? best : undefined;
}

function lev(a: string, b: string): number {
  const m: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = m[0];
    m[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = m[j];
      m[j] = Math.min(m[j] + 1, m[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return m[b.length];
}

/** Keys that another rule already explains (misnested destination blocks). */
function explainedElsewhere(path: string[], key: string): boolean {
  const p = path.join('/');
  if (/^spec\/(http|tcp|tls)\/\d+\/route\/\d+$/.test(p) && (key === 'host' || key === 'subset' || key === 'port')) return true;
  if (/^spec\/(http|tcp|tls)\/\d+\/route\/\d+\/destination$/.test(p) && (key === 'weight' || key === 'headers')) return true;
  return false;
}

const cache = new WeakMap<Resource, SchemaIssue[]>();

/** Schema issues of a resource (cached per resource object; empty when no schema applies). */
export function schemaIssues(res: Resource): SchemaIssue[] {
  const hit = cache.get(res);
  if (hit) return hit;
  const issues = computeIssues(res);
  cache.set(res, issues);
  return issues;
}

function computeIssues(res: Resource): SchemaIssue[] {
  const validate = validator(res.apiVersion, res.kind);
  if (!validate) return [];
  let data: unknown;
  try {
    data = res.node.toJS(res.doc.doc, { maxAliasCount: 100 });
  } catch {
    return [];
  }
  if (validate(data)) return [];
  // The schema itself is parsed only when a message needs it (a key that belongs elsewhere).
  const root = () => schemaFor(res.apiVersion, res.kind)!;
  const out: SchemaIssue[] = [];
  const seen = new Set<string>();
  for (const e of validate.errors ?? []) {
    if (/\/(oneOf|anyOf|not|allOf)\//.test(e.schemaPath)) continue;
    const issue = toIssue(res, root, e);
    if (!issue) continue;
    const key = `${issue.kind}|${issue.path.join('/')}|${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(issue);
  }
  return out;
}

function toIssue(res: Resource, root: () => JsonSchema, e: ErrorObject): SchemaIssue | undefined {
  const path = decodePointer(e.instancePath);
  const where = path.length ? path.join('.') : 'the resource';
  const { node, pair } = nodeAt(res.node, path);
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      if (explainedElsewhere(path, key)) return undefined;
      const { pair: keyPair } = nodeAt(res.node, [...path, key]);
      if (!keyPair) return undefined;
      const parent = e.parentSchema as JsonSchema | undefined;
      const known = Object.keys(parent?.properties ?? {});
      let suggestion = closestKey(key, known);
      let elsewhere: string | undefined;
      if (!suggestion) {
        for (let up = path.length - 1; up >= 0 && !elsewhere; up--) {
          const anc = schemaAt(root(), path.slice(0, up));
          if (anc?.properties?.[key]) elsewhere = path.slice(0, up).join('.') || 'the top level';
        }
      }
      const message =
        `Unknown field \`${key}\` in ${where}` +
        (suggestion ? `: did you mean \`${suggestion}\`?` : elsewhere ? `: \`${key}\` belongs under ${elsewhere}, not here (check the indentation).` : '.') +
        ' Kubernetes drops unknown fields silently, so this setting has no effect.';
      return { kind: 'unknown-field', message, node: keyPair.key as Node, path: [...path, key], data: { field: key, suggestion, elsewhere, known } };
    }
    case 'required': {
      const missing = String((e.params as { missingProperty: string }).missingProperty);
      // A misspelt key (`meta data:`) is reported once, as an unknown field with its suggestion.
      const here = isMap(node ?? res.node) ? ((node ?? res.node) as { items: Pair[] }).items : [];
      if (here.some((p) => { const k = keyName(p); return k !== undefined && k !== missing && closestKey(k, [missing]) === missing; })) return undefined;
      const target = path.length ? ((pair?.key as Node | undefined) ?? node ?? res.node) : (res.kindNode ?? res.node);
      return { kind: 'missing-field', message: `Missing required field \`${missing}\` in ${where}.`, node: target, path, data: { field: missing } };
    }
    case 'type': {
      if (!node && !pair) return undefined;
      // An empty `destination:` with its keys beside it: misnested-destination explains (and fixes) it.
      if (e.data === null && /^spec\/(http|tcp|tls)\/\d+\/route\/\d+\/destination$/.test(path.join('/'))) return undefined;
      const want = (e.params as { type: string | string[] }).type;
      return {
        kind: 'invalid-value',
        message: `\`${path[path.length - 1] ?? where}\` must be ${typeWords(want)}, not ${describeType(e.data)}.`,
        node: node ?? (pair!.key as Node),
        path,
        data: { expected: want },
      };
    }
    case 'enum': {
      if (!node) return undefined;
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const suggestion = typeof e.data === 'string' ? closestKey(e.data, allowed) : undefined;
      return {
        kind: 'invalid-value',
        message: `\`${String(e.data)}\` is not a valid value for \`${path[path.length - 1] ?? where}\`${suggestion ? ` (did you mean ${suggestion}?)` : ''}; allowed: ${allowed.join(', ')}.`,
        node,
        path,
        data: { allowed, suggestion },
      };
    }
    case 'oneOf': {
      if (!node) return undefined;
      const branches = ((e.schema as JsonSchema[]) ?? []).flatMap((b) => b.required ?? []);
      const set = branches.filter((k) => e.data && typeof e.data === 'object' && k in (e.data as object));
      if (set.length < 2) return undefined;
      return { kind: 'invalid-value', message: `Set only one of ${branches.map((b) => `\`${b}\``).join(', ')} in ${where} (found ${set.join(', ')}).`, node: (pair?.key as Node) ?? node, path, data: { oneOf: branches, set } };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'minLength':
    case 'maxLength':
    case 'minItems':
    case 'maxItems':
    case 'pattern': {
      if (!node) return undefined;
      return { kind: 'invalid-value', message: `\`${path[path.length - 1] ?? where}\` ${e.message ?? 'is out of range'}.`, node, path, data: { keyword: e.keyword, params: e.params } };
    }
    default:
      return undefined;
  }
}
