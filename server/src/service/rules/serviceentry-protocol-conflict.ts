import { toFQDN } from '../hosts';
import { resourceSpan } from '../model';
import { serviceEntriesSharingHost } from '../query/serviceentries';
import { defineRule } from '../rule';

export default defineRule({
  id: 'serviceentry-protocol-conflict',
  severity: 'warning',
  category: 'workspace',
  title: 'Several ServiceEntries define the same host and port with different protocols.',
  upstream: ['IST0177', 'KIA1212'],
  kinds: ['ServiceEntry'],
  check(res, ctx) {
    if (res.view?.type !== 'ServiceEntry') return;
    const messages: string[] = [];
    for (const h of res.view.se.hosts) {
      const fqdn = toFQDN(h.value, res.namespace);
      const others = serviceEntriesSharingHost(ctx.ws, res, fqdn);
      for (const p of res.view.se.ports) {
        if (p.number === undefined) continue;
        const protos = new Map<string, string[]>();
        for (const o of others) {
          if (o.view?.type !== 'ServiceEntry') continue;
          for (const q of o.view.se.ports) {
            if (q.number !== p.number) continue;
            const a = (p.protocol ?? '').toUpperCase();
            const b = (q.protocol ?? '').toUpperCase();
            if (a === b) continue;
            protos.set(o.name ?? '', [a || '(none)', b || '(none)']);
          }
        }
        if (protos.size) messages.push(`host ${fqdn} port ${p.number}: ${[...protos].map(([n, [a, b]]) => `${a} here, ${b} in ServiceEntry ${n}`).join('; ')}`);
      }
    }
    if (!messages.length) return;
    const [start, end] = resourceSpan(res);
    ctx.report({
      start,
      end,
      message: `Conflicting protocols for the same host and port (${messages.join(' | ')}): Istio picks one of the ServiceEntries. Use one protocol per host and port.`,
      data: { resource: res.key },
    });
  },
});
