/**
 * Settings shared by the VS Code client, the language server and the CLI.
 * The client contributes them under the `meshLsp` section (see package.json);
 * the server and the CLI read the same shape.
 */
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
}

export const DEFAULT_SETTINGS: MeshSettings = {
  rules: {},
  exclude: [],
  canaryLadder: [5, 10, 20, 50, 100],
  maxFileSize: 5 * 1024 * 1024,
  schemaValidation: true,
  completeWorkspace: false,
};

/** Merge partial settings (from a client or a config file) over the defaults, dropping ill-typed values. */
export function resolveSettings(input: unknown): MeshSettings {
  const out: MeshSettings = {
    ...DEFAULT_SETTINGS,
    rules: {},
    exclude: [...DEFAULT_SETTINGS.exclude],
    canaryLadder: [...DEFAULT_SETTINGS.canaryLadder],
  };
  if (!input || typeof input !== 'object') return out;
  const src = input as Record<string, unknown>;
  if (src.rules && typeof src.rules === 'object') {
    for (const [k, v] of Object.entries(src.rules as Record<string, unknown>)) {
      if (v === 'error' || v === 'warning' || v === 'info' || v === 'hint' || v === 'off') out.rules[k] = v;
    }
  }
  if (Array.isArray(src.exclude)) out.exclude = src.exclude.filter((x): x is string => typeof x === 'string');
  if (Array.isArray(src.canaryLadder)) {
    const ladder = src.canaryLadder.filter((x): x is number => typeof x === 'number' && x > 0 && x <= 100);
    if (ladder.length) out.canaryLadder = [...new Set(ladder)].sort((a, b) => a - b);
  }
  if (typeof src.maxFileSize === 'number' && src.maxFileSize > 0) out.maxFileSize = src.maxFileSize;
  if (typeof src.schemaValidation === 'boolean') out.schemaValidation = src.schemaValidation;
  if (typeof src.completeWorkspace === 'boolean') out.completeWorkspace = src.completeWorkspace;
  if (typeof src.defaultNamespace === 'string' && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(src.defaultNamespace)) out.defaultNamespace = src.defaultNamespace;
  if (typeof src.istioVersion === 'string' && /^\d+\.\d+(\.\d+)?$/.test(src.istioVersion.trim())) out.istioVersion = src.istioVersion.trim();
  return out;
}
