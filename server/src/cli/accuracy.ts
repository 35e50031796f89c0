/** CLI options of the accuracy model: apply-time namespace, Istio version, lowest severity shown. */
import type { MeshSettings, Severity } from '../service/index';
import { compareVersions, SUPPORTED_ISTIO_VERSIONS } from '../service/versions';
import type { FileReport } from './format';
import { UsageError } from './io';

const ORDER: Severity[] = ['error', 'warning', 'info', 'hint'];

export function applyAccuracyOptions(settings: MeshSettings, values: { namespace?: string; 'istio-version'?: string }): void {
  if (values.namespace !== undefined) {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(values.namespace) || values.namespace.length > 63)
      throw new UsageError(`--namespace expects a Kubernetes namespace name (lowercase letters, digits, '-'), got "${values.namespace}"`);
    settings.defaultNamespace = values.namespace;
  }
  if (values['istio-version'] !== undefined) {
    const v = values['istio-version'].trim().replace(/^v/, '');
    if (!/^\d+\.\d+(\.\d+)?$/.test(v)) throw new UsageError(`--istio-version expects a release such as 1.22, got "${values['istio-version']}"`);
    const minor = v.split('.').slice(0, 2).join('.');
    if (!SUPPORTED_ISTIO_VERSIONS.includes(minor) && compareVersions(minor, SUPPORTED_ISTIO_VERSIONS[0]) < 0)
      throw new UsageError(`--istio-version ${v} is older than the oldest release the rules know (${SUPPORTED_ISTIO_VERSIONS[0]})`);
    settings.istioVersion = v;
  }
}

/** The lowest severity shown; hints are left out by default. */
export function parseMinSeverity(value: string | undefined): Severity {
  if (value === undefined) return 'info';
  if (!ORDER.includes(value as Severity)) throw new UsageError(`--min-severity expects error, warning, info or hint, got "${value}"`);
  return value as Severity;
}

/** Drop findings below `min` from the reports; returns how many were dropped. */
export function hideBelow(reports: FileReport[], min: Severity): number {
  const limit = ORDER.indexOf(min);
  let hidden = 0;
  for (const r of reports) {
    const keep = r.diagnostics.filter((d) => ORDER.indexOf(d.severity) <= limit);
    hidden += r.diagnostics.length - keep.length;
    r.diagnostics = keep;
  }
  return hidden;
}
