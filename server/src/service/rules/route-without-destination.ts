import { span } from '../model';
import { defineRule } from '../rule';
import { schemaIssues } from '../schema/validate';
import { getPair } from '../yamlutil';

/** Keys whose misspelling unknown-field already reports (with its fix): one typo, one finding. */
const ROUTE_KEYS = new Set(['spec', 'http', 'tcp', 'tls', 'route', 'destination', 'host', 'redirect', 'directResponse', 'delegate']);

export default defineRule({
  id: 'route-without-destination',
  severity: 'error',
  category: 'structure',
  title:
    'A VirtualService route with no destination (and, for HTTP, no redirect, direct response or delegate), or a VirtualService with no http, tcp or tls routes.',
  kinds: ['VirtualService'],
  check(res, ctx) {
    if (res.view?.type !== 'VirtualService') return;
    const v = res.view.vs;
    const spec = getPair(res.node, 'spec');
    const hasAny = ['http', 'tcp', 'tls'].some((k) => getPair(spec?.value as never, k));
    const typos = ctx.settings.schemaValidation
      ? schemaIssues(res)
          .filter((i) => i.kind === 'unknown-field' && ROUTE_KEYS.has(String(i.data.suggestion)))
          .map((i) => i.path.join('/'))
      : [];
    if (!hasAny && typos.some((p) => !p.includes('/') || /^spec\/[^/]+$/.test(p))) return;
    if (!hasAny) {
      const [start, end] = span(res, (spec?.key as never) ?? res.kindNode ?? res.node);
      ctx.report({
        start,
        end,
        message: 'The VirtualService has no `http`, `tcp` or `tls` routes: Istio rejects it (http, tcp or tls must be provided).',
        data: { resource: res.key },
      });
      return;
    }
    for (const route of [...v.http, ...v.tcp, ...v.tls]) {
      if (route.destinations.some((d) => d.host)) continue;
      if (route.protocol === 'http' && (route.hasRedirect || route.hasDirectResponse || route.hasDelegate)) continue;
      // A misnested destination is reported (and fixed) by misnested-destination.
      if (route.destinations.some((d) => d.misnestedOut?.length)) continue;
      if (typos.some((p) => p.startsWith(`spec/${route.protocol}/${route.index}/`))) continue;
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
