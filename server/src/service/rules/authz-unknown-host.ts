import { span } from '../model';
import { definedHosts, holdsNamespace, hostDefined, hostForms, policyOf } from '../query/policies';
import { defineRule } from '../rule';
import { closest } from '../text';
import { missingIsCertain, nearMiss } from './_uncertain';

const TLDS = new Set([
  'com',
  'org',
  'net',
  'io',
  'dev',
  'app',
  'cloud',
  'edu',
  'gov',
  'info',
  'biz',
  'co',
  'ai',
  'me',
  'us',
  'uk',
  'de',
  'fr',
  'eu',
  'local',
  'internal',
  'example',
  'test',
  'localhost',
]);

export default defineRule({
  id: 'authz-unknown-host',
  severity: 'warning',
  category: 'links',
  title:
    'An AuthorizationPolicy `to.operation.hosts` entry that no Service, ServiceEntry, VirtualService or Gateway of the workspace defines (a hint unless the workspace is complete or the host is a close misspelling).',
  upstream: ['KIA0104'],
  kinds: ['AuthorizationPolicy'],
  check(res, ctx) {
    const pol = policyOf(res);
    if (!pol?.operations.some((o) => o.hosts.length || o.notHosts.length)) return;
    const defined = definedHosts(ctx.ws, { gateways: true });
    for (const op of pol.operations) {
      for (const h of [...op.hosts, ...op.notHosts]) {
        const v = h.value;
        if (!v || v.includes('*') || hostDefined(defined, v, res.namespace)) continue;
        const fqdn = hostForms(v, res.namespace).at(-1)!;
        // name.namespace of a namespace the workspace does not hold: nothing to compare with
        // (a public domain such as example.org is a host name, not a namespace).
        const m = /^[^.]+\.([^.]+)\.svc\.cluster\.local$/.exec(fqdn);
        if (m && m[1] !== res.namespace && !TLDS.has(m[1]) && !holdsNamespace(ctx.ws, m[1])) continue;
        const short = (x: string) => x.split('.')[0];
        const names = defined.filter((d) => !d.startsWith('*'));
        const suggestion = closest(v, names) ?? closest(short(v), [...new Set(names.map(short))]);
        const typo = nearMiss(v, suggestion);
        const sure = missingIsCertain(ctx, v, suggestion);
        const [start, end] = span(res, h.node);
        ctx.report({
          start,
          end,
          severity: sure ? undefined : 'hint',
          message: `Host ${v} matches no Service, ServiceEntry, VirtualService or Gateway host in the workspace${typo ? ` (did you mean ${suggestion}?)` : ''}: requests carry a Host header of a host that exists, so this operation matches none of them.${sure ? '' : ' If the host is defined outside these files, this is expected; set completeWorkspace when these files hold every Service.'}`,
          data: { resource: res.key, host: v, suggestion: typo ? suggestion : undefined },
        });
      }
    }
  },
});
