import { span } from '../model';
import { defineRule } from '../rule';
import { istioAtLeast } from '../versions';

/** APIs Istio removed, with what replaces them. */
const REMOVED: { group: string; kinds?: string[]; version: string; since: string; instead: string }[] = [
  {
    // Pre-1.0 traffic management (v1alpha2), replaced by v1alpha3 in Istio 0.8.
    group: 'config.istio.io',
    kinds: ['RouteRule', 'DestinationPolicy', 'EgressRule'],
    version: '1.0',
    since: 'Istio 1.0 (pre-1.0 traffic management; Istio 0.8 replaced it)',
    instead: 'VirtualService and DestinationRule (networking.istio.io/v1; egress: ServiceEntry)',
  },
  {
    version: '1.8',
    group: 'config.istio.io',
    since: 'Istio 1.8 (Mixer was removed)',
    instead:
      'the Telemetry API (telemetry.istio.io/v1 Telemetry: metrics overrides, access logging, tracing) and Prometheus scraping of the Envoy sidecars; for custom policy, Envoy ext_authz via AuthorizationPolicy CUSTOM or a WasmPlugin',
  },
  { group: 'rbac.istio.io', version: '1.6', since: 'Istio 1.6', instead: 'AuthorizationPolicy (security.istio.io/v1)' },
  { group: 'authentication.istio.io', version: '1.6', since: 'Istio 1.6', instead: 'PeerAuthentication and RequestAuthentication (security.istio.io/v1)' },
];

export default defineRule({
  id: 'removed-api',
  severity: 'error',
  category: 'schema',
  title:
    'A resource of an API Istio removed (Mixer config.istio.io/v1alpha2 metric, prometheus, rule, handlers and instances; rbac.istio.io; authentication.istio.io), with what replaces it.',
  upstream: ['IST0002'],
  kinds: ['*'],
  check(res, ctx) {
    const hit = REMOVED.find((r) => r.group === res.group && (!r.kinds || r.kinds.includes(res.kind)));
    // Served until the release that removed it (setting istioVersion).
    if (!hit || !istioAtLeast(ctx.settings, hit.version)) return;
    const [start, end] = span(res, res.kindNode ?? res.node);
    ctx.report({
      start,
      end,
      message: `\`${res.kind}\` (${res.apiVersion}) was removed in ${hit.since}: the cluster no longer serves it, so applying it fails and it configures nothing. Use ${hit.instead}.`,
      data: { resource: res.key, apiVersion: res.apiVersion, kind: res.kind },
    });
  },
});
