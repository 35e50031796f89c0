import { displayName, labelsMatch, type Resource, resourceSpan } from '../model';
import { defineRule } from '../rule';

export default defineRule({
  id: 'conflicting-target-port',
  severity: 'warning',
  category: 'workspace',
  title: 'A workload selected by several Services that use the same targetPort with different ports.',
  upstream: ['IST0137'],
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Rollout'],
  check(res, ctx) {
    if (res.view?.type !== 'Workload') return;
    const pod = res.view.wl.podLabels;
    // A Service selecting the workload shares at least one label pair with it (indexed by pair):
    // with fewer than two such Services there is nothing to compare.
    const candidates = new Set<Resource>(ctx.ws.servicesSharingLabel(res.namespace, pod));
    if (candidates.size < 2) return;
    // Only Services applied together with the workload (its own apply unit): Services of an
    // unrelated example or chapter never select it in the same cluster.
    const services = ctx.ws
      .ofKind('Service', res.namespace)
      .filter(
        (s) =>
          candidates.has(s) &&
          s.view?.type === 'Service' &&
          s.view.svc.selector &&
          Object.keys(s.view.svc.selector).length &&
          labelsMatch(s.view.svc.selector, pod) &&
          ctx.ws.sameApplyUnit(res.uri, s.uri),
      );
    if (services.length < 2) return;
    const byTarget = new Map<string, { svc: string; port: number }[]>();
    for (const s of services) {
      if (s.view?.type !== 'Service') continue;
      for (const p of s.view.svc.ports) {
        if (p.port === undefined) continue;
        const target = String(p.targetPort ?? p.port);
        const list = byTarget.get(target) ?? [];
        list.push({ svc: s.name ?? '', port: p.port });
        byTarget.set(target, list);
      }
    }
    for (const [target, list] of byTarget) {
      const ports = [...new Set(list.map((l) => l.port))];
      if (ports.length < 2) continue;
      const [start, end] = resourceSpan(res);
      ctx.report({
        start,
        end,
        message: `${displayName(res)} is selected by Services ${[...new Set(list.map((l) => l.svc))].join(', ')} using targetPort ${target} with different ports ${ports.join(', ')}: Istio builds one listener per port and the routes conflict. Use the same port, or separate the workloads.`,
        data: { resource: res.key, targetPort: target, ports },
      });
    }
  },
});
