import { hostsOverlap } from '../hosts';
import { formatLabels, labelsMatch, type Resource, resourceSpan } from '../model';
import { defineRule } from '../rule';

function hostOf(h: string): string {
  const i = h.indexOf('/');
  return i === -1 ? h : h.slice(i + 1);
}

/** Do two selectors pick a common workload? Without workloads in the workspace: only identical selectors. */
function sameWorkloads(ws: { ofKind(k: string): readonly Resource[] }, a: Record<string, string>, b: Record<string, string>): boolean {
  const pods = [...ws.ofKind('Pod'), ...ws.ofKind('Deployment'), ...ws.ofKind('DaemonSet'), ...ws.ofKind('StatefulSet')];
  const hits = pods.filter((w) => w.view?.type === 'Workload' && labelsMatch(a, w.view.wl.podLabels) && labelsMatch(b, w.view.wl.podLabels));
  if (hits.length) return true;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

export default defineRule({
  id: 'conflicting-gateways',
  severity: 'error',
  category: 'workspace',
  title: 'Gateways that select the same workload and declare the same port with overlapping hosts.',
  upstream: ['IST0145', 'KIA0301'],
  kinds: ['Gateway'],
  check(res, ctx) {
    if (res.view?.type !== 'Gateway') return;
    const mine = res.view.gw;
    const conflicts: string[] = [];
    let sure = false;
    const details = new Set<string>();
    for (const other of ctx.ws.ofKind('Gateway')) {
      if (other === res || other.key === res.key || other.view?.type !== 'Gateway' || !ctx.ws.sameApplyUnit(res.uri, other.uri)) continue;
      if (!sameWorkloads(ctx.ws, mine.selector, other.view.gw.selector)) continue;
      let hit = false;
      for (const s of mine.servers) {
        if (s.port?.number === undefined) continue;
        for (const o of other.view.gw.servers) {
          if (o.port?.number !== s.port.number) continue;
          const overlap = s.hosts.filter((h) => o.hosts.some((x) => hostsOverlap(hostOf(h.value), hostOf(x.value))));
          if (!overlap.length) continue;
          hit = true;
          details.add(`port ${s.port.number}, hosts ${overlap.map((h) => h.value).join(', ')}`);
        }
      }
      if (hit) {
        conflicts.push(`${other.namespace}/${other.name}`);
        if (ctx.ws.applyUnitKind(res.uri, other.uri) !== 'dir') sure = true;
      }
    }
    if (!conflicts.length) return;
    const [start, end] = resourceSpan(res);
    ctx.report({
      start,
      end,
      message: `Conflict with gateway${conflicts.length > 1 ? 's' : ''} ${conflicts.join(', ')} (workload selector ${formatLabels(mine.selector)}, ${[...details].join('; ')}): the proxy serves only one of them on that port.${sure ? '' : ' (The gateways are in different files of one folder: this holds when the folder is applied as a whole, e.g. `kubectl apply -f` on it.)'}`,
      severity: sure ? undefined : 'warning',
      data: { resource: res.key, conflicts },
    });
  },
});
