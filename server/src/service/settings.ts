/**
 * Settings shared by the VS Code client, the language server and the CLI: the one source.
 *
 * Every setting is declared once in SETTINGS (key, JSON-schema fragment, default, description).
 * From it come:
 * - package.json `contributes.configuration` (the editor's `meshLsp.*` settings),
 * - schemas/meshlintrc.json (the CLI's settings file),
 * - the settings table of the README,
 * (all three written by scripts/gen-settings.mjs; test/settings.test.mjs fails when they drift),
 * - the defaults and the validation below (resolveSettings / validateSettings).
 * Adding a setting: add it to MeshSettings and to SETTINGS, run `node scripts/gen-settings.mjs`.
 */

import { closest } from './text';
import type { SeveritySetting } from './types';

export interface MeshSettings {
  /** Per-rule severity override, or 'off'. Keys are rule ids. */
  rules: Record<string, SeveritySetting>;
  /** Glob patterns (relative to a workspace folder) of files not to index. */
  exclude: string[];
  /** Canary weight ladder used by the "advance canary" action. */
  canaryLadder: number[];
  /** Files larger than this (bytes) get one finding instead of analysis. */
  maxFileSize: number;
  /** Validate Istio and Kubernetes fields against the bundled JSON schemas. */
  schemaValidation: boolean;
  /** Namespace that namespace-less manifests are applied to (like `kubectl -n`); unknown when unset. */
  defaultNamespace?: string;
  /** The workspace holds every Service the configuration refers to (unknown hosts are warnings, not hints). */
  completeWorkspace: boolean;
  /** Istio release the cluster runs (`1.22`, ...); version-aware rules follow it. Default: the newest supported. */
  istioVersion?: string;
  /** The helm executable that renders charts (`helm template`); unset: `helm` on PATH when present. */
  helmCommand?: string;
  /** The mesh's root namespace (meshConfig `rootNamespace`): policies there apply mesh-wide. */
  rootNamespace: string;
  /** meshConfig `defaultVirtualServiceExportTo`: where a VirtualService without `exportTo` is visible. */
  defaultVirtualServiceExportTo: string[];
  /** meshConfig `defaultDestinationRuleExportTo`: where a DestinationRule without `exportTo` is visible. */
  defaultDestinationRuleExportTo: string[];
  /** meshConfig `defaultServiceExportTo`: where a Service or ServiceEntry without `exportTo` is visible. */
  defaultServiceExportTo: string[];
}

/** The subset of JSON Schema that settings use (VS Code's settings schema and draft-07 both read it). */
export interface JsonSchema {
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
  enum?: readonly (string | number)[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  /** Shown by VS Code when `pattern` fails; used in the server's warnings too. */
  patternErrorMessage?: string;
  $ref?: string;
}

export interface SettingSpec<K extends keyof MeshSettings = keyof MeshSettings> {
  /** The key: `meshLsp.<key>` in the editor, `<key>` in the settings file. */
  key: K;
  /** The value's schema; client values are validated against it. */
  schema: JsonSchema;
  /** The default, as the editor shows it (`unset` values stand for "not set"). */
  default: unknown;
  /** The editor's description (plain text), or a markdown one. */
  description?: string;
  markdownDescription?: string;
  /** A value that means "not set" (an empty string for optional strings): resolved to undefined, never a problem. */
  unset?: unknown;
  /** Applied to a client value before it is validated (e.g. trimming). */
  prepare?: (value: unknown) => unknown;
  /** Applied to a valid value (e.g. sorting the ladder). */
  normalize?: (value: never) => unknown;
  /** The settings file (schemas/meshlintrc.json): its description, and schema keywords that differ from the editor's. */
  file: { description: string; schema?: JsonSchema };
}

const SEVERITIES = ['error', 'warning', 'info', 'hint', 'off'] as const;
const NAMESPACE = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const ISTIO_VERSION = '\\d+\\.\\d+(\\.\\d+)?';

const define = <K extends keyof MeshSettings>(spec: SettingSpec<K>): SettingSpec<K> => spec;

/** Every setting, in the order editors and docs list them. */
export const SETTINGS: readonly SettingSpec[] = [
  define({
    key: 'rules',
    schema: { type: 'object', additionalProperties: { type: 'string', enum: SEVERITIES } },
    default: {},
    markdownDescription:
      'Per-rule severity (`error`, `warning`, `info`, `hint`) or `off`, by rule id, e.g. `{"unknown-host": "off"}`. See the rule list in the README.',
    file: {
      description:
        "Per-rule severity by rule id: error, warning, info, hint or off; ESLint's spellings warn, 0 (off), 1 (warning) and 2 (error) are accepted too.",
      schema: { propertyNames: { pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' }, additionalProperties: { $ref: '#/definitions/severity' } },
    },
  }),
  define({
    key: 'exclude',
    schema: { type: 'array', items: { type: 'string' } },
    default: [],
    description: 'Glob patterns (relative to a workspace folder) of YAML files not to index.',
    file: {
      description: 'Glob patterns of files and folders not to lint, relative to the folder of this file (absolute paths work too).',
      schema: { items: { type: 'string', minLength: 1 } },
    },
  }),
  define({
    key: 'canaryLadder',
    schema: { type: 'array', items: { type: 'number', minimum: 1, maximum: 100 }, minItems: 1 },
    default: [5, 10, 20, 50, 100],
    description: 'Canary weight ladder used by "Advance canary".',
    normalize: (ladder: number[]) => [...new Set(ladder)].sort((a, b) => a - b),
    file: {
      description: 'Canary weight ladder for `meshlint canary --advance` (default 5, 10, 20, 50, 100).',
      schema: { items: { type: 'integer', minimum: 1, maximum: 100 } },
    },
  }),
  define({
    key: 'maxFileSize',
    schema: { type: 'number', exclusiveMinimum: 0 },
    default: 5 * 1024 * 1024,
    description: 'Files larger than this (bytes) get one finding instead of analysis.',
    file: {
      description: 'Files larger than this many bytes get one finding instead of analysis.',
      schema: { type: 'integer', minimum: 1, exclusiveMinimum: undefined },
    },
  }),
  define({
    key: 'schemaValidation',
    schema: { type: 'boolean' },
    default: true,
    description: 'Validate Istio and Kubernetes fields against the bundled JSON schemas.',
    file: { description: 'Validate Istio and Kubernetes fields against the bundled JSON schemas.' },
  }),
  define({
    key: 'defaultNamespace',
    schema: { type: 'string', pattern: `^(${NAMESPACE})?$`, maxLength: 63, patternErrorMessage: "a namespace name: lowercase letters, digits and '-'" },
    default: '',
    unset: '',
    description: 'Namespace that manifests without metadata.namespace are applied to (like kubectl -n). Empty: unknown, and findings that depend on it say so.',
    file: {
      description: "Namespace that namespace-less manifests are applied to (like kubectl -n); unknown when unset. The CLI's --namespace overrides it.",
      schema: { pattern: `^${NAMESPACE}$`, patternErrorMessage: undefined },
    },
  }),
  define({
    key: 'istioVersion',
    schema: { type: 'string', pattern: `^\\s*(${ISTIO_VERSION})?\\s*$`, patternErrorMessage: 'an Istio release such as 1.22' },
    default: '',
    unset: '',
    prepare: (v) => (typeof v === 'string' ? v.trim() : v),
    description: 'Istio release of the cluster (e.g. 1.22). tls-no-ca, api-version-upgrade and removed-api follow it. Empty: the newest supported release.',
    file: {
      description:
        "Istio release the cluster runs (1.22, ...); version-aware rules follow it. Default: the newest supported. The CLI's --istio-version overrides it.",
      schema: { pattern: `^${ISTIO_VERSION}$`, patternErrorMessage: undefined },
    },
  }),
  define({
    key: 'completeWorkspace',
    schema: { type: 'boolean' },
    default: false,
    description:
      'The workspace holds every Service and Gateway the configuration refers to: unknown hosts and gateways are reported as warnings and errors instead of hints and warnings.',
    file: {
      description:
        'The linted files hold every Service and Gateway the configuration refers to, so a reference to one that is missing is certain (unknown hosts become warnings, unknown gateways errors).',
    },
  }),
  define({
    key: 'helmCommand',
    schema: { type: 'string' },
    default: '',
    unset: '',
    prepare: (v) => (typeof v === 'string' ? v.trim() : v),
    markdownDescription:
      "The `helm` executable that renders Helm charts (`helm template` with the chart's values files; never a fetch) so their templates are checked as rendered. Empty: `helm` on PATH when present. Used only in a trusted workspace.",
    file: {
      description:
        "The helm executable that renders Helm charts for checking (helm template; never a fetch). Unset: helm on PATH when present. The CLI's --helm overrides it, --no-helm turns rendering off.",
      schema: { minLength: 1 },
    },
  }),
  define({
    key: 'rootNamespace',
    schema: { type: 'string', pattern: `^${NAMESPACE}$`, maxLength: 63, patternErrorMessage: "a namespace name: lowercase letters, digits and '-'" },
    default: 'istio-system',
    description: "The mesh's root namespace (meshConfig rootNamespace): Sidecars and policies there are mesh-wide defaults.",
    file: { description: "The mesh's root namespace (meshConfig rootNamespace, istio-system by default): Sidecars and policies there are mesh-wide defaults." },
  }),
  ...(['VirtualService', 'DestinationRule', 'Service'] as const).map((kind) =>
    define({
      key: `default${kind}ExportTo` as const,
      schema: { type: 'array', items: { type: 'string', pattern: `^(\\*|\\.|~|${NAMESPACE})$`, patternErrorMessage: "'*', '.', '~' or a namespace name" } },
      default: ['*'],
      description: `meshConfig default${kind}ExportTo: the namespaces a ${kind === 'Service' ? 'Service or ServiceEntry' : kind} without exportTo is visible in ('*' all, '.' its own).`,
      file: {
        description: `The mesh's default${kind}ExportTo: where a ${kind === 'Service' ? 'Service or ServiceEntry' : kind} without exportTo is visible ("*" everywhere, "." its own namespace, or namespace names).`,
      },
    }),
  ),
];

/** The settings file's schema around the settings (schemas/meshlintrc.json). */
export const SETTINGS_FILE_SCHEMA = {
  $id: 'https://github.com/mesh-lsp/mesh-lsp/blob/main/schemas/meshlintrc.json',
  title: 'meshlint settings (.meshlintrc.json / .meshlintrc.yaml)',
  description:
    "Settings of the meshlint CLI; the same shape as the editor's meshLsp settings. Rule ids are checked against the rule list (meshlint --list-rules).",
  definitions: { severity: { enum: [...SEVERITIES, 'warn', 0, 1, 2] } },
};

const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

function defaults(): MeshSettings {
  const out: Record<string, unknown> = {};
  for (const s of SETTINGS) if (s.unset === undefined || s.default !== s.unset) out[s.key] = clone(s.default);
  return out as unknown as MeshSettings;
}

export const DEFAULT_SETTINGS: MeshSettings = defaults();

export interface SettingsProblem {
  /** The setting (`canaryLadder`), or `rules.<id>` for one rule's entry. */
  key: string;
  /** What is wrong and what is used instead, e.g. `"big" is not a number; the default 5242880 is used`. */
  message: string;
}

const show = (v: unknown): string => {
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(v);
  }
};

/** Why `v` does not fit `schema`, or undefined when it does. Arrays and maps are checked entry by entry in `check`. */
function mismatch(schema: JsonSchema, v: unknown): string | undefined {
  const t = schema.type;
  if (t === 'number' || t === 'integer') {
    if (typeof v !== 'number' || !Number.isFinite(v)) return `is not a number`;
    if (t === 'integer' && !Number.isInteger(v)) return 'is not a whole number';
    if (schema.minimum !== undefined && v < schema.minimum) return `is less than ${schema.minimum}`;
    if (schema.exclusiveMinimum !== undefined && v <= schema.exclusiveMinimum) return `is not greater than ${schema.exclusiveMinimum}`;
    if (schema.maximum !== undefined && v > schema.maximum) return `is more than ${schema.maximum}`;
  } else if (t === 'string') {
    if (typeof v !== 'string') return 'is not a string';
    if (schema.minLength !== undefined && v.length < schema.minLength) return `is shorter than ${schema.minLength}`;
    if (schema.maxLength !== undefined && v.length > schema.maxLength) return `is longer than ${schema.maxLength} characters`;
    if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(v)) return `is not ${schema.patternErrorMessage ?? `of the form ${schema.pattern}`}`;
  } else if (t === 'boolean') {
    if (typeof v !== 'boolean') return 'is not true or false';
  } else if (t === 'array') {
    if (!Array.isArray(v)) return 'is not a list';
  } else if (t === 'object') {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return 'is not an object';
  }
  if (schema.enum && !schema.enum.includes(v as string)) return `is not one of ${schema.enum.join(', ')}`;
  return undefined;
}

/**
 * Validate and resolve settings from a client or a config file: every valid value is taken,
 * every ill-typed or out-of-range one is replaced by its default (a bad entry of a list or of
 * `rules` is dropped) and reported. `ruleIds`, when given, also reports unknown rule ids
 * (with a did-you-mean); unknown settings are reported too.
 */
export function validateSettings(input: unknown, opts: { ruleIds?: readonly string[] } = {}): { settings: MeshSettings; problems: SettingsProblem[] } {
  const settings = defaults() as unknown as Record<string, unknown>;
  const problems: SettingsProblem[] = [];
  if (input === undefined || input === null) return { settings: settings as unknown as MeshSettings, problems };
  if (typeof input !== 'object' || Array.isArray(input)) {
    problems.push({ key: '', message: `the settings are ${show(input)}, not an object; the defaults are used` });
    return { settings: settings as unknown as MeshSettings, problems };
  }
  const src = input as Record<string, unknown>;
  const known = SETTINGS.map((s) => s.key as string);
  for (const k of Object.keys(src)) {
    if (known.includes(k) || src[k] === undefined) continue;
    const hint = closest(k, known);
    problems.push({ key: k, message: `unknown setting${hint ? ` (did you mean ${hint}?)` : ''}; ignored` });
  }
  for (const spec of SETTINGS) {
    const key = spec.key as string;
    let v = src[key];
    if (v === undefined || v === null) continue;
    if (spec.prepare) v = spec.prepare(v);
    const fallback = spec.unset !== undefined && spec.default === spec.unset ? 'it stays unset' : `the default ${show(spec.default)} is used`;
    const why = mismatch(spec.schema, v);
    if (why) {
      problems.push({ key, message: `${show(src[key])} ${why}; ${fallback}` });
      continue;
    }
    if (spec.unset !== undefined && v === spec.unset) {
      delete settings[key];
      continue;
    }
    if (spec.schema.type === 'array' && spec.schema.items) {
      const items: unknown[] = [];
      for (const item of v as unknown[]) {
        const bad = mismatch(spec.schema.items, item);
        if (bad) problems.push({ key, message: `the entry ${show(item)} ${bad}; it is left out` });
        else items.push(item);
      }
      if (spec.schema.minItems !== undefined && items.length < spec.schema.minItems) {
        if ((v as unknown[]).length >= spec.schema.minItems) problems.push({ key, message: `no valid entry is left; ${fallback}` });
        else problems.push({ key, message: `${show(v)} has fewer than ${spec.schema.minItems} entries; ${fallback}` });
        continue;
      }
      v = items;
    } else if (spec.schema.type === 'object' && typeof spec.schema.additionalProperties === 'object') {
      const entries: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
        const bad = mismatch(spec.schema.additionalProperties, item);
        if (bad) {
          problems.push({ key: `${key}.${k}`, message: `${show(item)} ${bad}; the entry is left out` });
          continue;
        }
        if (key === 'rules' && opts.ruleIds && !opts.ruleIds.includes(k)) {
          const hint = closest(k, opts.ruleIds);
          problems.push({ key: `${key}.${k}`, message: `unknown rule id${hint ? ` (did you mean ${hint}?)` : ''}; the entry is left out` });
          continue;
        }
        entries[k] = item;
      }
      v = entries;
    }
    settings[key] = spec.normalize ? (spec.normalize as (x: unknown) => unknown)(v) : v;
  }
  return { settings: settings as unknown as MeshSettings, problems };
}

/** Merge partial settings (from a client or a config file) over the defaults, dropping ill-typed values (see validateSettings for the problems). */
export function resolveSettings(input: unknown): MeshSettings {
  return validateSettings(input).settings;
}
