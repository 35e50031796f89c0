import { toFQDN } from '../hosts';
import { displayName, type Resource, resourceSpan, span } from '../model';
import { serviceEntriesSharingHost } from '../query/serviceentries';
import { defineRule } from '../rule';

export default defineRule({
  id: 'duplicate-serviceentry',
  severity: 'warning',
  category: 'workspace',
  title: 'Several ServiceEntries define the same host and port (with the same protocol): Istio uses one of them for that port.',
  upstream: ['KIA1211'],
  kinds: ['ServiceEntry'],
  check(res, ctx) {
    if (res.view?.type !== 'ServiceEntry' || res.view.se.workloadSelector) return;
    const dupes = new Map<string, Resource[]>();
    for (const h of res.view.se.hosts) {
      const fqdn = toFQDN(h.value, res.namespace);
      // A duplicate is in the same namespace and, like this one, has no workload selector.
      const others = serviceEntriesSharingHost(ctx.ws, res, fqdn).filter(
        (o) => o.namespace === res.namespace && o.view?.type === 'ServiceEntry' && !o.view.se.workloadSelector,
      );
      for (const p of res.view.se.ports) {
        if (p.number === undefined) continue;
        // A different protocol on the same port is serviceentry-protocol-conflict's finding.
        const same = others.filter(
          (o) =>
            o.view?.type === 'ServiceEntry' &&
            o.view.se.ports.some((q) => q.number === p.number && (q.protocol ?? '').toUpperCase() === (p.protocol ?? '').toUpperCase()),
        );
        if (same.length) dupes.set(`${fqdn}:${p.number}`, same);
      }
    }
    if (!dupes.size) return;
    const all = [...new Set([...dupes.values()].flat())];
    const sure = all.some((o) => ctx.ws.applyUnitKind(res.uri, o.uri) !== 'dir');
    const [start, end] = resourceSpan(res);
    ctx.report({
      start,
      end,
      message: `${displayName(res)} and ${all.map((o) => `${displayName(o)} (${ctx.ws.relativePath(o.uri)})`).join(', ')} both define ${[...dupes.keys()].join(', ')}: proxies keep one of them for that host and port, so the settings (resolution, endpoints, location) of the other are ignored. Keep one ServiceEntry per host and port.${sure ? '' : ' (They are in different files of one folder: this holds when the folder is applied as a whole.)'}`,
      data: { resource: res.key, others: all.map((o) => o.key) },
      related: all.map((o) => {
        const [s, e] = span(o, o.nameNode ?? o.node);
        return { uri: o.uri, start: s, end: e, message: 'also defines this host and port' };
      }),
    });
  },
});
