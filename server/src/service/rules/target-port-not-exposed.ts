import { displayName, span } from '../model';
import { defineRule } from '../rule';

export default defineRule({
  id: 'target-port-not-exposed',
  severity: 'warning',
  category: 'links',
  title: 'A Service targetPort that no container of the workloads it selects exposes (containerPort, or port name).',
  upstream: ['KIA0701'],
  kinds: ['Service'],
  check(res, ctx) {
    if (res.view?.type !== 'Service' || !res.view.svc.selector || !Object.keys(res.view.svc.selector).length) return;
    const selector = res.view.svc.selector;
    const workloads = ctx.ws.workloadsMatching(res.namespace, selector);
    const declared = workloads.flatMap((w) => (w.view?.type === 'Workload' ? w.view.wl.containerPorts : []));
    if (!workloads.length || !declared.length) return; // nothing to compare with
    for (const p of res.view.svc.ports) {
      const target = p.targetPort ?? p.port;
      if (target === undefined) continue;
      const found = typeof target === 'number' ? declared.some((c) => c.containerPort === target) : declared.some((c) => c.name === target);
      if (found) continue;
      const exposed = [...new Set(declared.map((c) => (typeof target === 'number' ? String(c.containerPort) : (c.name ?? '')).trim()).filter(Boolean))];
      const [start, end] = span(res, p.targetPortNode ?? p.node);
      // A numeric targetPort reaches the pod whether or not a container declares it
      // (containerPort is informational in Kubernetes); a port name must resolve.
      const numeric = typeof target === 'number';
      ctx.report({
        start,
        end,
        severity: numeric ? 'hint' : undefined,
        message: numeric
          ? `targetPort ${target} of port ${p.name?.value ?? p.port} is declared by no container of ${workloads.map((w) => displayName(w)).join(', ')} (they declare ports ${exposed.join(', ') || 'none'}). The declaration is informational: traffic still reaches port ${target}, so make sure a container listens on it.`
          : `targetPort ${target} of port ${p.name?.value ?? p.port} is exposed by no container of ${workloads.map((w) => displayName(w)).join(', ')} (they expose port names ${exposed.join(', ') || 'none'}): the name does not resolve, so traffic to the Service goes nowhere.`,
        data: { resource: res.key, targetPort: target, exposed },
      });
    }
  },
});
