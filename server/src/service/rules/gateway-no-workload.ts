import { formatLabels, labelsMatch, span } from '../model';
import { defineRule } from '../rule';

export default defineRule({
  id: 'gateway-no-workload',
  severity: 'warning',
  category: 'links',
  title: 'A Gateway whose selector matches no gateway workload in the workspace (quiet when the workspace holds no gateway deployments, as is common).',
  upstream: ['KIA0302'],
  kinds: ['Gateway'],
  check(res, ctx) {
    if (res.view?.type !== 'Gateway' || !Object.keys(res.view.gw.selector).length) return;
    const workloads = ctx.ws.ofKind('Deployment').concat(ctx.ws.ofKind('Pod'), ctx.ws.ofKind('DaemonSet'), ctx.ws.ofKind('StatefulSet'));
    const gatewayWorkloads = workloads.filter(
      (w) =>
        w.view?.type === 'Workload' &&
        ('istio' in w.view.wl.podLabels || /gateway/i.test(w.view.wl.podLabels.app ?? '') || 'gateway.networking.k8s.io/gateway-name' in w.view.wl.podLabels),
    );
    if (!gatewayWorkloads.length) return;
    const selector = res.view.gw.selector;
    if (workloads.some((w) => w.view?.type === 'Workload' && labelsMatch(selector, w.view.wl.podLabels))) return;
    const [start, end] = span(res, res.view.gw.selectorNode ?? res.node);
    ctx.report({
      start,
      end,
      message: `Gateway selector ${formatLabels(selector)} matches none of the gateway workloads in the workspace (${gatewayWorkloads
        .slice(0, 3)
        .map((w) => `${w.name} (${formatLabels(w.view?.type === 'Workload' ? w.view.wl.podLabels : {})})`)
        .join('; ')}): no proxy serves this Gateway.`,
      data: { resource: res.key, selector },
    });
  },
});
