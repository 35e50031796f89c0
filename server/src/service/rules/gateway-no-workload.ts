import { formatLabels, labelsMatch, type Resource, span } from '../model';
import { defineRule } from '../rule';

/** A gateway proxy the workspace installs: a pod template with gateway labels, or a gateway an IstioOperator declares. */
interface GatewayWorkload {
  name: string;
  labels: Record<string, string>;
}

/** `istio` label values of control-plane pods (istiod and its pre-1.5 parts), which are not gateways. */
const CONTROL_PLANE = new Set(['pilot', 'istiod', 'citadel', 'galley', 'mixer', 'sidecar-injector', 'operator', 'ztunnel', 'cni']);

/**
 * Pod labels of a gateway proxy: `istio: ingressgateway` / `eastwestgateway` / `ingress` (the
 * gateway chart's) / … (not istiod's `istio: pilot`), `app: …gateway…`, or the labels Istio puts
 * on the deployments it creates for a Kubernetes Gateway.
 */
function isGatewayPod(labels: Record<string, string>): boolean {
  return (
    (labels.istio !== undefined && !CONTROL_PLANE.has(labels.istio)) ||
    /gateway/i.test(labels.app ?? '') ||
    'gateway.networking.k8s.io/gateway-name' in labels ||
    'istio.io/gateway-name' in labels
  );
}

const POD_KINDS = ['Deployment', 'Pod', 'DaemonSet', 'StatefulSet'];

export default defineRule({
  id: 'gateway-no-workload',
  severity: 'warning',
  category: 'links',
  title: 'A Gateway whose selector matches no gateway workload in the workspace (quiet when the workspace holds no gateway deployments, as is common).',
  upstream: ['KIA0302'],
  kinds: ['Gateway'],
  check(res, ctx) {
    if (res.view?.type !== 'Gateway' || !Object.keys(res.view.gw.selector).length) return;
    const pods: GatewayWorkload[] = [];
    for (const w of POD_KINDS.flatMap((k) => ctx.ws.ofKind(k) as Resource[]))
      if (w.view?.type === 'Workload') pods.push({ name: w.name ?? '<unnamed>', labels: w.view.wl.podLabels });
    // Gateways installed by `istioctl install -f` / the operator from an IstioOperator. Every one
    // may serve the Gateway; only those applied together with it (same file, folder or build)
    // say that this workspace installs the Gateway's proxies (an IstioOperator of another sample
    // says nothing about this one's).
    const installed: GatewayWorkload[] = [];
    const together: GatewayWorkload[] = [];
    for (const iop of ctx.ws.ofKind('IstioOperator')) {
      if (iop.view?.type !== 'IstioOperator') continue;
      const own = ctx.ws.sameApplyUnit(iop.uri, res.uri);
      for (const g of iop.view.iop.gateways) {
        const w = { name: `${g.name} (IstioOperator)`, labels: g.labels };
        installed.push(w);
        if (own) together.push(w);
      }
    }
    const gateways = [...pods.filter((w) => isGatewayPod(w.labels)), ...together];
    if (!gateways.length) return;
    const selector = res.view.gw.selector;
    if ([...pods, ...installed].some((w) => labelsMatch(selector, w.labels))) return;
    const [start, end] = span(res, res.view.gw.selectorNode ?? res.node);
    ctx.report({
      start,
      end,
      message: `Gateway selector ${formatLabels(selector)} matches none of the gateway workloads in the workspace (${gateways
        .slice(0, 3)
        .map((w) => `${w.name} (${formatLabels(w.labels)})`)
        .join('; ')}${gateways.length > 3 ? ` and ${gateways.length - 3} more` : ''}): no proxy serves this Gateway.`,
      data: { resource: res.key, selector },
    });
  },
});
