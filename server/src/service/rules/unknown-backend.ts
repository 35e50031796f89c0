import { type BackendRef, isServiceBackend, ROUTE_KINDS, routeBackends } from '../gatewayapi';
import { hostMatches, toFQDN } from '../hosts';
import type { Resource } from '../model';
import { displayName, span } from '../model';
import type { RuleContext } from '../rule';
import { defineRule } from '../rule';
import { missingSeverity, outsideNote, reportMissingService } from './_uncertain';

/** Istio's backend kinds: `Hostname` (a ServiceEntry host) and `ServiceEntry` (by name). */
function checkServiceEntryBackend(res: Resource, ruleIndex: number, b: BackendRef, ctx: RuleContext): void {
  const name = b.name!.value;
  const data = { resource: res.key, ruleIndex, backendIndex: b.index, kind: b.kind, name, port: b.port };
  const ses =
    b.kind === 'ServiceEntry'
      ? [...ctx.ws.byKey('ServiceEntry', b.namespace, name)]
      : ctx.ws
          .serviceEntriesForHost(name)
          .filter((se) => se.view?.type === 'ServiceEntry' && se.view.se.hosts.some((h) => hostMatches(toFQDN(h.value, se.namespace), name)));
  if (!ses.length) {
    const [start, end] = span(res, b.name!.node);
    ctx.report({
      start,
      end,
      severity: missingSeverity(ctx, name, undefined),
      message: `${b.kind === 'Hostname' ? `Host ${name}` : `ServiceEntry ${b.namespace}/${name}`} (an Istio ${b.kind} backend) matches no ServiceEntry in the workspace. ${outsideNote('ServiceEntry')}`,
      data,
    });
    return;
  }
  const ports = ses
    .flatMap((se) => (se.view?.type === 'ServiceEntry' ? se.view.se.ports.map((p) => p.number) : []))
    .filter((p): p is number => p !== undefined);
  checkBackendPort(res, b, ses[0], ports, data, ctx);
}

/**
 * A backendRef's port that the Service or ServiceEntry it names does not expose (`ports`, when
 * known): the backend does not resolve. A Service's port is often mistaken for the container's.
 */
function checkBackendPort(res: Resource, b: BackendRef, target: Resource, ports: number[], data: Record<string, unknown>, ctx: RuleContext): void {
  if (b.port === undefined || !ports.length || ports.includes(b.port)) return;
  const service = target.kind === 'Service';
  const [start, end] = span(res, b.portNode ?? b.node);
  ctx.report({
    start,
    end,
    severity: 'error',
    message: `${displayName(target)} does not ${service ? 'expose' : 'declare'} port ${b.port} (ports: ${ports.join(', ')}); the backend does not resolve and its share of requests gets HTTP 500.${service ? ' Use the Service port, not the container port.' : ''}`,
    data: { ...data, ports },
  });
}

export default defineRule({
  id: 'unknown-backend',
  severity: 'warning',
  category: 'gateway-api',
  title: 'A Gateway API backendRef names a Service (or Istio ServiceEntry) that is not in the workspace, or a port it does not expose.',
  upstream: ['KIA1402'],
  kinds: [...ROUTE_KINDS],
  check(res, ctx) {
    for (const { rule, backend: b } of routeBackends(res)) {
      if (b.name && b.group === 'networking.istio.io' && (b.kind === 'Hostname' || b.kind === 'ServiceEntry')) {
        checkServiceEntryBackend(res, rule.index, b, ctx);
        continue;
      }
      if (!b.name || !isServiceBackend(b)) continue;
      const data = { resource: res.key, ruleIndex: rule.index, backendIndex: b.index, namespace: b.namespace, name: b.name.value, port: b.port };
      const svcs = ctx.ws.byKey('Service', b.namespace, b.name.value);
      if (!svcs.length) {
        const ref = `${b.namespace}/${b.name.value}`;
        reportMissingService(
          ctx,
          res,
          b.name,
          b.namespace,
          data,
          (didYouMean) => `Backend Service ${ref} is not in the workspace${didYouMean}; requests for it would get HTTP 500.`,
        );
        continue;
      }
      const svc = svcs[0];
      if (svc.view?.type !== 'Service') continue;
      if (b.port === undefined) {
        if (b.portNode) continue;
        const [start, end] = span(res, b.name.node);
        ctx.report({
          start,
          end,
          severity: 'error',
          message: `Backend ${b.name.value} is a Service and has no port: the API server rejects the ${res.kind} (port is required for Service references).`,
          data,
        });
        continue;
      }
      const ports = svc.view.svc.ports.map((p) => p.port).filter((p): p is number => p !== undefined);
      checkBackendPort(res, b, svc, ports, data, ctx);
    }
  },
});
