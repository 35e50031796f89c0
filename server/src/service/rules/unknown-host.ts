import { describeResolution, isWildcard } from '../hosts';
import { consumerNamespaces, fqdnOfService, resolveHost } from '../links';
import { type Resource, type Str, span } from '../model';
import type { RuleContext } from '../rule';
import { defineRule } from '../rule';
import { closest, editDistance } from '../text';

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
  const names: string[] = [];
  for (const s of ctx.ws.ofKind('Service')) {
    const f = fqdnOfService(s);
    if (f) names.push(s.namespace === res.namespace ? s.name! : f);
  }
  const suggestion = closest(host.value, names);
  const [start, end] = span(res, host.node);
  // A Service may be installed outside these files (another repository, an operator, a chart,
  // another namespace chosen at apply time): only a workspace declared complete makes this a warning.
  const short = (h: string) => h.split('.')[0];
  const typo = !!suggestion && short(suggestion) !== short(t.fqdn) && short(t.fqdn).length > 3 && editDistance(short(suggestion), short(t.fqdn)) <= 2;
  const sure = ctx.settings.completeWorkspace || typo;
  ctx.report({
    start,
    end,
    severity: sure ? undefined : 'hint',
    message: `${role === 'destination' ? 'Destination host' : 'DestinationRule host'} ${describeResolution(host.value, res.namespace)} matches no Service or ServiceEntry in the workspace${suggestion ? ` (did you mean ${suggestion}?)` : ''}. If it is defined outside these files (another repository, an operator or chart, or a namespace chosen at apply time), this is expected; set completeWorkspace when these files hold every Service.`,
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
