import { span } from '../model';
import { definedHosts, holdsNamespace, hostDefined, policyOf } from '../query/policies';
import { defineRule } from '../rule';
import { closest } from '../text';
import { missingIsCertain, nearMiss } from './_uncertain';

export default defineRule({
  id: 'unknown-egress-host',
  severity: 'warning',
  category: 'links',
  title:
    'A Sidecar egress host that is not of the form `namespace/dnsName` (Istio rejects it), or that no Service, ServiceEntry or VirtualService of the workspace defines (a hint unless the workspace is complete).',
  upstream: ['KIA1004'],
  kinds: ['Sidecar'],
  check(res, ctx) {
    const pol = policyOf(res);
    if (!pol?.egress.length) return;
    let defined: string[] | undefined;
    for (const e of pol.egress) {
      for (const h of e.hosts) {
        const parts = h.value.split('/');
        const [start, end] = span(res, h.node);
        if (parts.length !== 2 || !parts[0] || !parts[1]) {
          ctx.report({
            start,
            end,
            severity: 'error',
            message: `Egress host ${JSON.stringify(h.value)} is not of the form namespace/dnsName (e.g. "./*", "istio-system/*", "${res.namespace}/${h.value || 'reviews'}"): Istio rejects the Sidecar.`,
            data: { resource: res.key, host: h.value, format: true },
          });
          continue;
        }
        const [ns, dns] = parts;
        if (dns === '*') continue;
        // The host is imported from namespace `ns` (`.` its own, `~` none, `*` any).
        if (ns === '~') continue;
        const from = ns === '.' ? res.namespace : ns;
        if (ns !== '*' && !holdsNamespace(ctx.ws, from) && !ctx.settings.completeWorkspace) continue;
        defined ??= definedHosts(ctx.ws);
        if (hostDefined(defined, dns, res.namespace)) continue;
        const suggestion = closest(
          dns,
          defined.filter((d) => !d.startsWith('*')),
        );
        const typo = nearMiss(dns, suggestion);
        const sure = missingIsCertain(ctx, dns, suggestion);
        ctx.report({
          start,
          end,
          severity: sure ? undefined : 'hint',
          message: `Egress host ${dns} matches no Service, ServiceEntry or VirtualService in the workspace${typo ? ` (did you mean ${suggestion}?)` : ''}: the proxies this Sidecar configures import nothing for it, so calls to it get no route.${sure ? '' : ' If the host is defined outside these files, this is expected; set completeWorkspace when these files hold every Service.'}`,
          data: { resource: res.key, host: h.value },
        });
      }
    }
  },
});
