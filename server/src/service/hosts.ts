/** Host names as Istio resolves them. */

export const CLUSTER_DOMAIN = 'svc.cluster.local';

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * Istio's short-name resolution: a name without a dot is qualified with the namespace
 * of the resource that names it (`reviews` in `default` → `reviews.default.svc.cluster.local`).
 * Names with a dot, wildcards and IP addresses are taken as written.
 */
export function toFQDN(host: string, namespace: string): string {
  if (!host || host === '*' || host.startsWith('*') || host.includes('.') || host.includes(':') || IPV4.test(host)) return host;
  return `${host}.${namespace || 'default'}.${CLUSTER_DOMAIN}`;
}

export function isWildcard(host: string): boolean {
  return host.startsWith('*');
}

/** Does the (possibly wildcard) `pattern` cover `host`? `*.a.com` covers `b.a.com`; `*` covers all. */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  if (pattern === '*') return true;
  if (pattern.startsWith('*')) {
    const suffix = pattern.slice(1);
    if (host.startsWith('*')) return host.slice(1).endsWith(suffix);
    return host.endsWith(suffix);
  }
  return false;
}

/** Two host patterns overlap when either covers the other. */
export function hostsOverlap(a: string, b: string): boolean {
  return hostMatches(a, b) || hostMatches(b, a);
}

/** The FQDN of a Kubernetes Service. */
export function serviceFQDN(name: string, namespace: string): string {
  return `${name}.${namespace}.${CLUSTER_DOMAIN}`;
}

/** Explain a resolution for messages: `reviews → reviews.default.svc.cluster.local (short name in namespace default)`. */
export function describeResolution(host: string, namespace: string): string {
  const fqdn = toFQDN(host, namespace);
  if (fqdn === host) {
    if (host.startsWith('*')) return `${host} (wildcard)`;
    const parts = host.split('.');
    if (parts.length === 2) return `${host} (taken as written: Istio does not expand "name.namespace"; write ${host}.${CLUSTER_DOMAIN} to name the Service)`;
    return `${host} (taken as a fully qualified name)`;
  }
  return `${host} → ${fqdn} (short name, resolved in namespace ${namespace || 'default'})`;
}
