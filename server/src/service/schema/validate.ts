/**
 * Schema validation of Istio resources against the generated JSON schemas (ajv, compiled
 * lazily per kind and version). Each ajv error's instance path is mapped back to the YAML
 * node, so findings point at the exact key or value.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { isMap, isPair, isSeq, type Node, type Pair } from 'yaml';
import type { Resource } from '../model';
import { isPlaceholder } from '../templates';
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
  data: SchemaIssueData;
}

/** The facts of a schema issue (which fields are set depends on the issue). */
export interface SchemaIssueData {
  /** The unknown, misspelt or missing field. */
  field?: string;
  /** The closest known key (unknown field) or allowed value (invalid value). */
  suggestion?: string;
  /** Renaming to `suggestion` is the only close fix (one close key that fits the value). */
  renameSafe?: boolean;
  preRelease?: boolean;
  /** Where an unknown key belongs instead, when it is a known key of another level. */
  elsewhere?: string;
  known?: string[];
  expected?: string | string[];
  allowed?: string[];
  oneOf?: string[];
  set?: string[];
  keyword?: string;
  params?: unknown;
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
  for (const s of SCHEMAS) if (s.apiVersion.startsWith(`${group}/`)) return true;
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
  if (typeof v === 'string') return `the string "${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  return `${typeof v} ${String(v)}`;
}

function typeWords(t: unknown): string {
  const list = Array.isArray(t) ? t : [t];
  return list
    .filter((x) => x !== 'null')
    .map((x) =>
      x === 'object'
        ? 'a mapping'
        : x === 'array'
          ? 'a list'
          : x === 'integer'
            ? 'an integer'
            : x === 'number'
              ? 'a number'
              : x === 'boolean'
                ? 'true or false'
                : 'a string',
    )
    .join(' or ');
}

function closeKeys(word: string, candidates: string[]): string[] {
  const norm = (s: string) => s.toLowerCase().replace(/[\s_-]/g, '');
  const w = norm(word);
  return candidates
    .map((c) => ({ c, d: lev(w, norm(c)) }))
    .filter(({ c, d }) => d <= Math.max(1, Math.floor(Math.max(word.length, c.length) / 3)))
    .sort((a, b) => a.d - b.d)
    .map((x) => x.c);
}

function closestKey(word: string, candidates: string[]): string | undefined {
  return closeKeys(word, candidates)[0];
}

/** Edit distance counting a swap of two neighbours as one edit (`spce` → `spec`). */
function lev(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** Does a YAML value have the shape (mapping, list or scalar) a schema asks for? Unknown types fit. */
function shapeFits(schema: JsonSchema, value: Node | null): boolean {
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  const alts = [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])];
  if (!types.length) return alts.length ? alts.some((a) => shapeFits(a, value)) : true;
  if (value === null || value === undefined) return true;
  if (isMap(value)) return types.includes('object');
  if (isSeq(value)) return types.includes('array');
  return types.some((t) => t === 'string' || t === 'number' || t === 'integer' || t === 'boolean' || t === 'null');
}

/** Keys that another rule already explains (misnested destination blocks). */
function explainedElsewhere(path: string[], key: string): boolean {
  const p = path.join('/');
  if (/^spec\/(http|tcp|tls)\/\d+\/route\/\d+$/.test(p) && (key === 'host' || key === 'subset' || key === 'port')) return true;
  if (/^spec\/(http|tcp|tls)\/\d+\/route\/\d+\/destination$/.test(p) && (key === 'weight' || key === 'headers')) return true;
  return false;
}

/**
 * The API server reads a null mapping value as an absent field (Go's JSON decoding for
 * built-in kinds; structural pruning of non-nullable fields for custom resources), so
 * `annotations:`, `emptyDir:` or `creationTimestamp: null` are valid. Null list items stay.
 */
export function pruneNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(pruneNulls);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== null) out[k] = pruneNulls(x);
    return out;
  }
  return v;
}

/** A DestinationRule without `spec` (or with an empty one): Istio rejects it for want of `host`. */
function requiredSpec(res: Resource): SchemaIssue | undefined {
  if (res.group !== 'networking.istio.io' || res.kind !== 'DestinationRule') return undefined;
  const spec = res.node.items.find((p) => isPair(p) && keyName(p) === 'spec');
  if (spec?.value && !(isMap(spec.value) && !spec.value.items.length)) return undefined;
  return {
    kind: 'missing-field',
    message: `Missing required field \`${spec ? 'host' : 'spec'}\`${spec ? ' in spec' : ' (with its `host`)'}: Istio rejects a DestinationRule without a host.`,
    node: (spec?.key as Node | undefined) ?? res.kindNode ?? res.node,
    path: spec ? ['spec'] : [],
    data: { field: spec ? 'host' : 'spec' },
  };
}

/**
 * `name:` where `host:` belongs (a route destination, a DestinationRule spec): the syntax of
 * Istio's pre-1.0 alpha (v1alpha2 RouteRule / DestinationPolicy, early v1alpha3). Returns the
 * message that says so, or undefined.
 */
function preOneName(res: Resource, path: string[], key: string): string | undefined {
  if (key !== 'name' || res.group !== 'networking.istio.io') return undefined;
  const p = path.join('/');
  const { pair } = nodeAt(res.node, [...path, 'name']);
  if (!pair) return undefined;
  if (/^spec\/(http|tcp|tls)\/\d+\/route\/\d+\/destination$/.test(p) || /^spec\/(http|tcp|tls)\/\d+\/mirror$/.test(p))
    return '`name` in a destination is pre-1.0 Istio syntax (v1alpha2 RouteRule and early v1alpha3): Istio 0.8 replaced it with `host`, and current releases reject a destination without `host`. Rename `name:` to `host:`.';
  if (p === 'spec' && res.kind === 'DestinationRule')
    return '`name` in a DestinationRule spec is pre-1.0 Istio syntax (v1alpha2 DestinationPolicy): Istio 0.8 replaced it with `host`, and current releases reject a DestinationRule without `host`. Rename `name:` to `host:`.';
  return undefined;
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
  const extra = requiredSpec(res);
  let data: unknown;
  try {
    data = pruneNulls(res.node.toJS(res.doc.doc, { maxAliasCount: 100 }));
  } catch {
    return [];
  }
  if (validate(data)) return extra ? [extra] : [];
  // The schema itself is parsed only when a message needs it (a key that belongs elsewhere).
  const root = () => schemaFor(res.apiVersion, res.kind)!;
  const out: SchemaIssue[] = extra ? [extra] : [];
  const seen = new Set<string>();
  for (const e of validate.errors ?? []) {
    if (/\/(oneOf|anyOf|not|allOf)\//.test(e.schemaPath)) continue;
    const issue = toIssue(res, root, e);
    if (!issue) continue;
    if (issue.path.some((seg) => isPlaceholder(seg)) || (issue.kind === 'invalid-value' && isPlaceholder(e.data))) continue;
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
      const preRelease = preOneName(res, path, key);
      if (preRelease)
        return {
          kind: 'unknown-field',
          message: preRelease,
          node: keyPair.key as Node,
          path: [...path, key],
          data: { field: key, suggestion: 'host', preRelease: true },
        };
      const parent = e.parentSchema as JsonSchema | undefined;
      const known = Object.keys(parent?.properties ?? {});
      const present = new Set(isMap(node ?? res.node) ? ((node ?? res.node) as { items: Pair[] }).items.map((p) => keyName(p)) : []);
      const close = closeKeys(
        key,
        known.filter((k) => !present.has(k)),
      );
      let suggestion: string | undefined = close[0];
      // One close key that the mapping does not have yet: renaming cannot pick a wrong target.
      // ... and only when the value has the shape that key takes (`percent: 100` is not a `percentage`).
      const valueNode = keyPair.value as Node | null;
      const want = suggestion ? schemaAt(parent as JsonSchema, [suggestion]) : undefined;
      const fits = !!want && shapeFits(want, valueNode);
      if (suggestion && !fits) suggestion = undefined;
      const renameSafe = close.length === 1 && fits;
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
        ' The API server drops unknown fields (or, under strict field validation, refuses the resource), so this setting never takes effect.';
      return {
        kind: 'unknown-field',
        message,
        node: keyPair.key as Node,
        path: [...path, key],
        data: { field: key, suggestion, renameSafe, elsewhere, known },
      };
    }
    case 'required': {
      const missing = String((e.params as { missingProperty: string }).missingProperty);
      // Pre-1.0 `name:` where `host:` belongs is reported once, by its unknown-field finding.
      if (missing === 'host' && preOneName(res, path, 'name')) return undefined;
      // A misspelt key (`meta data:`) is reported once, as an unknown field with its suggestion.
      const here = isMap(node ?? res.node) ? ((node ?? res.node) as { items: Pair[] }).items : [];
      if (
        here.some((p) => {
          const k = keyName(p);
          return k !== undefined && k !== missing && closestKey(k, [missing]) === missing;
        })
      )
        return undefined;
      // An empty `destination:` (null, so absent to the API server) with its keys beside it:
      // misnested-destination explains and fixes it; one mistake, one finding.
      if (
        missing === 'destination' &&
        /^spec\/(http|tcp|tls)\/\d+\/route\/\d+$/.test(path.join('/')) &&
        here.some((p) => ['host', 'subset', 'port'].includes(keyName(p) ?? ''))
      )
        return undefined;
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
      return {
        kind: 'invalid-value',
        message: `Set only one of ${branches.map((b) => `\`${b}\``).join(', ')} in ${where} (found ${set.join(', ')}).`,
        node: (pair?.key as Node) ?? node,
        path,
        data: { oneOf: branches, set },
      };
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
      return {
        kind: 'invalid-value',
        message: `\`${path[path.length - 1] ?? where}\` ${e.message ?? 'is out of range'}.`,
        node,
        path,
        data: { keyword: e.keyword, params: e.params },
      };
    }
    default:
      return undefined;
  }
}

/**
 * Is `key` misspelt under `parentPath` (an unknown-field issue there suggests it)? Rules that
 * would report the key as missing stay quiet then: one typo, one finding.
 */
export function misspelt(res: Resource, parentPath: (string | number)[], key: string): boolean {
  const parent = parentPath.join('/');
  return schemaIssues(res).some((i) => i.kind === 'unknown-field' && i.data.suggestion === key && i.path.slice(0, -1).join('/') === parent);
}
