import { defineRule } from '../rule';
import { span } from '../model';
import { getPair } from '../yamlutil';

export default defineRule({
  id: 'route-without-destination',
  severity: 'error',
  title: 'A VirtualService route with no destination (and, for HTTP, no redirect, direct response or delegate), or a VirtualService with no http, tcp or tls routes.',
  kinds: ['VirtualService'],
  check(res, ctx) {
    if (res.view?.type !== 'VirtualService') return;
    const v = res.view.vs;
    const spec = getPair(res.node, 'spec');
    const hasAny = ['http', 'tcp', 'tls'].some((k) => getPair(spec?.value as never, k));
    if (!hasAny) {
      const [start, end] = span(res, (spec?.key as never) ?? res.kindNode ?? res.node);
      ctx.report({ start, end, message: 'The VirtualService has no `http`, `tcp` or `tls` routes: Istio rejects it (http, tcp or tls must be provided).', data: { resource: res.key } });
      return;
    }
    for (const route of [...v.http, ...v.tcp, ...v.tls]) {
      if (route.destinations.some((d) => d.host)) continue;
      if (route.protocol === 'http' && (route.hasRedirect || route.hasDirectResponse || route.hasDelegate)) continue;
      // A misnested destination is reported (and fixed) by misnested-destination.
      if (route.destinations.some((d) => d.misnestedOut?.length)) continue;
      const [start, end] = span(res, route.node);
      ctx.report({
        start,
        end: Math.min(end, start + 1),
        message: `${route.protocol}[${route.index}]${route.name ? ` (${route.name})` : ''} has no destination${route.protocol === 'http' ? ', redirect, direct response or delegate' : ''}: Istio rejects the VirtualService.`,
        data: { resource: res.key, protocol: route.protocol, routeIndex: route.index },
      });
    }
  },
});
