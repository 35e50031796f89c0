/**
 * Istio releases the version-aware rules know. `meshLsp.istioVersion` / `--istio-version`
 * selects one; the default is the newest.
 */
import type { MeshSettings } from './settings';

export const SUPPORTED_ISTIO_VERSIONS = [
  '1.0',
  '1.1',
  '1.2',
  '1.3',
  '1.4',
  '1.5',
  '1.6',
  '1.7',
  '1.8',
  '1.9',
  '1.10',
  '1.11',
  '1.12',
  '1.13',
  '1.14',
  '1.15',
  '1.16',
  '1.17',
  '1.18',
  '1.19',
  '1.20',
  '1.21',
  '1.22',
  '1.23',
  '1.24',
  '1.25',
  '1.26',
  '1.27',
  '1.28',
];

export const NEWEST_ISTIO_VERSION = SUPPORTED_ISTIO_VERSIONS[SUPPORTED_ISTIO_VERSIONS.length - 1];

function parts(v: string): number[] {
  return v
    .replace(/^v/, '')
    .split('.')
    .map((x) => Number(x) || 0);
}

export function compareVersions(a: string, b: string): number {
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** The Istio release the settings target. */
export function istioVersion(settings: Pick<MeshSettings, 'istioVersion'>): string {
  return settings.istioVersion ?? NEWEST_ISTIO_VERSION;
}

/** True when the targeted release is `v` or newer. */
export function istioAtLeast(settings: Pick<MeshSettings, 'istioVersion'>, v: string): boolean {
  return compareVersions(istioVersion(settings), v) >= 0;
}

/** Releases where behaviour the rules depend on changed. */
export const ISTIO_FACTS = {
  /** networking.istio.io/v1 and security.istio.io/v1 are served. */
  v1Api: '1.22',
  /** Sidecars verify upstream server certificates against the OS roots when a DestinationRule sets no caCertificates (VERIFY_CERTIFICATE_AT_CLIENT on by default). */
  verifyAtClient: '1.20',
} as const;
