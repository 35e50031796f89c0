/** Which fields of networking.istio.io resources hold a protobuf Duration (shared by invalid-duration and the schema rules). */
import type { Resource } from '../model';

/** Fields that hold a protobuf Duration in networking.istio.io resources. */
const DURATION_KEYS = new Set([
  'timeout',
  'perTryTimeout',
  'fixedDelay',
  'connectTimeout',
  'idleTimeout',
  'interval',
  'baseEjectionTime',
  'maxConnectionDuration',
  'time',
  'drainDuration',
  'backoffBaseInterval',
  'maxStreamDuration',
  'maxAge',
  'ttl',
  'stalenessTimeout',
  'minimumRingSize',
]);

/** Does `path` (from the resource's root) name a Duration field that invalid-duration checks? */
export function isDurationField(res: Resource, path: readonly (string | number)[]): boolean {
  if (res.group !== 'networking.istio.io' || (res.kind !== 'VirtualService' && res.kind !== 'DestinationRule') || path[0] !== 'spec') return false;
  const key = path[path.length - 1];
  if (typeof key !== 'string' || !DURATION_KEYS.has(key) || key === 'minimumRingSize') return false;
  if (key === 'time' && !path.includes('tcpKeepalive')) return false;
  if (key === 'interval' && !path.includes('outlierDetection') && !path.includes('tcpKeepalive')) return false;
  return true;
}
