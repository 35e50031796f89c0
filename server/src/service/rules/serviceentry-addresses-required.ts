import { resourceSpan } from '../model';
import { defineRule } from '../rule';

export default defineRule({
  id: 'serviceentry-addresses-required',
  severity: 'warning',
  category: 'structure',
  title: 'A ServiceEntry with TCP (or unset-protocol) ports and no addresses: Istio cannot tell its TCP traffic apart.',
  upstream: ['IST0134'],
  kinds: ['ServiceEntry'],
  check(res, ctx) {
    if (res.view?.type !== 'ServiceEntry' || res.view.se.addresses.length) return;
    const bad = res.view.se.ports.filter((p) => !p.protocol || p.protocol.toUpperCase() === 'TCP');
    if (!bad.length) return;
    const [start, end] = resourceSpan(res);
    ctx.report({
      start,
      end,
      message: `ServiceEntry ${res.name} has ${bad.map((p) => `port ${p.number ?? '?'} (${p.protocol || 'no protocol'})`).join(', ')} and no addresses: addresses are required for TCP traffic (or set an application protocol such as HTTP/HTTPS/TLS, or enable DNS auto-allocation in the mesh config).`,
      data: { resource: res.key, ports: bad.map((p) => p.number) },
    });
  },
});
