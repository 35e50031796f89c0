import { k8sGatewayView } from '../gatewayapi';
import { hostsOverlap } from '../hosts';
import { gatewayTargets } from '../links';
import { type Resource, span } from '../model';
import { defineRule } from '../rule';

// Does a Gateway server host (host, ns/host, ./host or */host) accept the host of a VirtualService in vsNs?
function accepts(raw: string, gwNs: string, vsNs: string, host: string): boolean {
  const i = raw.indexOf('/');
  const ns = i === -1 ? '*' : raw.slice(0, i);
  const h = i === -1 ? raw : raw.slice(i + 1);
  if (ns !== '*' && (ns === '.' ? gwNs : ns) !== vsNs) return false;
  return hostsOverlap(h, host);
}

export default defineRule({
  id: 'vs-host-not-in-gateway',
  severity: 'warning',
  category: 'links',
  title: 'A VirtualService bound to a Gateway that accepts none of its hosts (server hosts and their namespace prefixes), so the binding routes nothing.',
  upstream: ['IST0132'],
  kinds: ['VirtualService'],
  namespaceLinks: true,
  check(res, ctx) {
    if (res.view?.type !== 'VirtualService') return;
    // As istioctl: every Gateway the VirtualService binds to must accept at least one of its hosts.
    const vsHosts = res.view.vs.hosts;
    const hostsOf = (gw: Resource): string[] | undefined => {
      if (gw.view?.type === 'Gateway') return gw.view.gw.servers.flatMap((s) => s.hosts.map((h) => h.value));
      // Kubernetes Gateway API: listeners' hostname ('*' when absent; an item that is not a listener may accept anything).
      const v = k8sGatewayView(gw);
      return v && [...v.listeners.map((l) => l.hostname?.value ?? '*'), ...Array<string>(v.otherItems).fill('*')];
    };
    const acceptsAny = (gw: Resource, raws = hostsOf(gw)) => !raws || vsHosts.some((h) => raws.some((r) => accepts(r, gw.namespace, res.namespace, h.value)));
    for (const ref of res.view.vs.gateways) {
      if (ref.mesh) continue;
      const targets = gatewayTargets(ctx.ws, ref);
      const reported = new Set<string>();
      for (const gw of targets) {
        const raws = hostsOf(gw);
        if (acceptsAny(gw, raws)) continue;
        // Same-named copies (alternative versions of one Gateway in other files): one that accepts
        // the hosts is the one applied with this VirtualService, and a copy is reported once.
        if (reported.has(gw.key) || targets.some((o) => o !== gw && o.key === gw.key && acceptsAny(o))) continue;
        reported.add(gw.key);
        const [start, end] = span(res, ref.node);
        ctx.report({
          start,
          end,
          message: `Gateway ${gw.namespace}/${gw.name} accepts none of this VirtualService's hosts (${res.view.vs.hosts.map((h) => h.value).join(', ') || 'none'}; the gateway serves ${raws?.join(', ') || 'no hosts'}): binding to it routes nothing. Check the hosts and their namespace prefixes.`,
          data: { resource: res.key, gateway: gw.key, hosts: res.view.vs.hosts.map((h) => h.value) },
        });
      }
    }
  },
});
