import { describeResolution, isWildcard } from '../hosts';
import { consumerNamespaces, fqdnOfService, resolveHost } from '../links';
import { type Resource, type Str, span } from '../model';
import type { RuleContext } from '../rule';
import { defineRule } from '../rule';
import { closest } from '../text';
import { missingSeverity, outsideNote } from './_uncertain';

function check(res: Resource, host: Str | undefined, role: 'destination' | 'DestinationRule', ctx: RuleContext, extra: Record<string, unknown> = {}) {
  if (!host?.value || isWildcard(host.value)) return;
  const consumers = res.kind === 'VirtualService' ? consumerNamespaces(res, ctx.settings) : [res.namespace];
  const t = resolveHost(ctx.ws, host.value, res.namespace, consumers);
  if (t.services.length || t.serviceEntries.length) return;
  if (t.hidden.length) {
    const [start, end] = span(res, host.node);
    const h = t.hidden[0];
    ctx.report({
      start,
      end,
      message: `${role === 'destination' ? 'Destination host' : 'DestinationRule host'} ${t.fqdn} is ${h.kind} ${h.namespace}/${h.name}, but it is not exported to namespace ${consumers.join(', ')} (exportTo), so the reference does not resolve there.`,
      data: { resource: res.key, host: host.value, fqdn: t.fqdn, role, hiddenBy: h.key, ...extra },
    });
    return;
  }
  // In a build that renamed the Service (namePrefix, nameSuffix): Kustomize rewrites the
  // references of built-in kinds, not the hosts of VirtualServices and DestinationRules.
  const m = /^([^.]+)\.([^.]+)\.svc\.cluster\.local$/.exec(t.fqdn);
  const renamed = m ? ctx.ws.renamedTo?.('Service', m[2], m[1]) : undefined;
  if (renamed) {
    const [start, end] = span(res, host.node);
    // Another build applying the unrenamed Service to the same namespace may serve the host.
    const elsewhere = !!ctx.ws.builtElsewhere?.('Service', m![2], m![1]);
    ctx.report({
      start,
      end,
      severity: elsewhere ? 'warning' : 'error',
      message: `${role === 'destination' ? 'Destination host' : 'DestinationRule host'} ${describeResolution(host.value, res.namespace)} names Service ${m![1]}, which this build renames to ${renamed.name} (namePrefix/nameSuffix); Kustomize does not rewrite VirtualService or DestinationRule hosts, so no Service of the build has this host${elsewhere ? '' : ` and ${role === 'destination' ? 'requests routed here fail' : 'the rule applies to nothing'}`}. Name ${renamed.name} here, or patch the host in the overlay.${elsewhere ? ` (Another build applies Service ${m![1]} to namespace ${m![2]}: if both are applied, requests go to that one.)` : ''}`,
      data: { resource: res.key, host: host.value, fqdn: t.fqdn, role, suggestion: renamed.name, ...extra },
    });
    return;
  }
  const names: string[] = [];
  for (const s of ctx.ws.ofKind('Service')) {
    const f = fqdnOfService(s);
    if (f) names.push(s.namespace === res.namespace ? s.name! : f);
  }
  const suggestion = closest(host.value, names);
  const [start, end] = span(res, host.node);
  // A Service may be installed outside these files: the uncertain-link policy (rules/_uncertain.ts).
  ctx.report({
    start,
    end,
    severity: missingSeverity(ctx, t.fqdn, suggestion),
    message: `${role === 'destination' ? 'Destination host' : 'DestinationRule host'} ${describeResolution(host.value, res.namespace)} matches no Service or ServiceEntry in the workspace${suggestion ? ` (did you mean ${suggestion}?)` : ''}. ${outsideNote('Service')}`,
    data: { resource: res.key, host: host.value, fqdn: t.fqdn, role, suggestion, ...extra },
  });
}

export default defineRule({
  id: 'unknown-host',
  severity: 'warning',
  category: 'links',
  title: 'A destination host or DestinationRule host resolves to no Service or ServiceEntry in the workspace.',
  upstream: ['IST0101', 'IST0174', 'KIA0202', 'KIA1101'],
  kinds: ['VirtualService', 'DestinationRule'],
  namespaceLinks: true,
  check(res, ctx) {
    if (res.view?.type === 'DestinationRule') {
      check(res, res.view.dr.host, 'DestinationRule', ctx);
      return;
    }
    if (res.view?.type !== 'VirtualService') return;
    const v = res.view.vs;
    for (const route of [...v.http, ...v.tcp, ...v.tls]) {
      for (const d of route.destinations)
        check(res, d.host, 'destination', ctx, { protocol: route.protocol, routeIndex: route.index, destinationIndex: d.index });
      if (route.mirror) check(res, route.mirror.host, 'destination', ctx, { protocol: route.protocol, routeIndex: route.index, mirror: true });
    }
  },
});
