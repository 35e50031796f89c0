import { displayName, formatLabels, type Resource, resourceSpan, span } from '../model';
import { namespaceWorkloads, policyOf, selectedWorkloads, selectsAcrossMesh } from '../query/policies';
import { defineRule } from '../rule';
import { editDistance } from '../text';

/** What a selector that picks nothing means, per kind. */
const EFFECT: Record<string, string> = {
  Sidecar: 'no proxy takes this Sidecar, and the workloads it was meant for keep the namespace default',
  AuthorizationPolicy: 'it controls access to nothing, and the workload it was meant for is not protected by it',
  PeerAuthentication: 'its mTLS mode applies to no workload',
  RequestAuthentication: 'no workload validates these JWTs',
  Telemetry: 'its telemetry settings apply to no workload',
  WasmPlugin: 'the plugin is loaded by no proxy',
};

/**
 * A label of the selector that a workload nearly carries (`app=httpbn` for `app=httpbin`) while it
 * carries every other label of the selector: the `key=value` it carries, or undefined.
 */
function nearMiss(selector: Record<string, string>, workloads: readonly Resource[]): string | undefined {
  const close = (a: string, b: string) => a !== b && Math.min(a.length, b.length) > 3 && editDistance(a, b) <= 2;
  for (const w of workloads) {
    if (w.view?.type !== 'Workload') continue;
    const labels = w.view.wl.podLabels;
    const missed = Object.entries(selector).filter(([k, v]) => labels[k] !== v);
    if (missed.length !== 1) continue;
    const [k, v] = missed[0];
    if (k in labels && close(v, labels[k])) return `${k}=${labels[k]}`;
    const key = Object.keys(labels).find((l) => labels[l] === v && close(k, l) && !(l in selector));
    if (key) return `${key}=${v}`;
  }
  return undefined;
}

export default defineRule({
  id: 'policy-no-workload',
  severity: 'warning',
  category: 'links',
  title:
    'A Sidecar, AuthorizationPolicy, PeerAuthentication, RequestAuthentication, Telemetry or WasmPlugin whose selector matches no workload of its namespace (a hint when the workloads may live outside the workspace).',
  upstream: ['KIA0004', 'IST0127', 'IST0101'],
  kinds: Object.keys(EFFECT),
  check(res, ctx) {
    const pol = policyOf(res);
    if (!pol || pol.targetRef) return;
    if (!pol.selector) {
      // A namespace-wide AuthorizationPolicy where no workload runs: only a complete workspace knows.
      if (res.kind !== 'AuthorizationPolicy' || !ctx.settings.completeWorkspace || selectsAcrossMesh(ctx.ws, res) || namespaceWorkloads(ctx.ws, res).length)
        return;
      const [start, end] = resourceSpan(res);
      ctx.report({
        start,
        end,
        message: `AuthorizationPolicy ${res.name ?? ''} applies to every workload of namespace ${res.namespace}, and the workspace (complete, by the completeWorkspace setting) runs none there: it controls access to nothing.`,
        data: { resource: res.key },
      });
      return;
    }
    if (selectedWorkloads(ctx.ws, res).length) return;
    const mesh = selectsAcrossMesh(ctx.ws, res);
    const candidates = namespaceWorkloads(ctx.ws, res);
    // The workloads are often applied from elsewhere (another repository, a chart, another
    // component's install): only a workspace declared complete, or a selector one label away from
    // a workload of the workspace (a typo), is sure.
    const typo = nearMiss(pol.selector, candidates);
    const sure = ctx.settings.completeWorkspace || !!typo;
    const where = mesh ? 'in any namespace (root namespace: the selector applies mesh-wide)' : `in namespace ${res.namespace}`;
    const shown = candidates
      .slice(0, 3)
      .map((w) => `${displayName(w)} (${w.view?.type === 'Workload' ? formatLabels(w.view.wl.podLabels) : ''})`)
      .join('; ');
    const [start, end] = span(res, pol.selectorNode ?? res.node);
    ctx.report({
      start,
      end,
      severity: sure ? undefined : 'hint',
      message: `${res.kind} selector ${formatLabels(pol.selector)} matches no workload ${where}${typo ? ` (did you mean ${typo}?)` : ''}: ${EFFECT[res.kind]}.${shown ? ` Workloads there: ${shown}${candidates.length > 3 ? ` and ${candidates.length - 3} more` : ''}.` : ''}${sure ? '' : ' If the workload is deployed from outside these files, this is expected; set completeWorkspace when these files hold every workload.'}`,
      data: { resource: res.key, selector: pol.selector },
    });
  },
});
