import { displayName, formatLabels, type Resource, sameLabels, span } from '../model';
import { policyOf, selectedWorkloads } from '../query/policies';
import { defineRule } from '../rule';
import type { Severity } from '../types';

const KINDS: Record<string, { severity: Severity; effect: string }> = {
  Sidecar: { severity: 'error', effect: 'which Sidecar configures its proxy is undefined' },
  PeerAuthentication: { severity: 'warning', effect: 'Istio applies only the oldest one, so the mTLS settings of the others are ignored for it' },
  RequestAuthentication: { severity: 'info', effect: 'Istio combines their JWT rules, so the workload accepts the issuers of all of them' },
};

export default defineRule({
  id: 'conflicting-policy-selectors',
  severity: 'error',
  category: 'workspace',
  title: 'Several Sidecars, PeerAuthentications or RequestAuthentications of one namespace select the same workload.',
  upstream: ['IST0110', 'KIA0003'],
  kinds: Object.keys(KINDS),
  check(res, ctx) {
    const pol = policyOf(res);
    if (!pol?.selector || pol.targetRef) return;
    const mine = selectedWorkloads(ctx.ws, res);
    const hits: { other: Resource; workload?: Resource }[] = [];
    for (const o of ctx.ws.ofKind(res.kind, res.namespace)) {
      if (o === res || o.key === res.key || o.view?.type !== 'Policy' || !o.view.pol.selector || o.view.pol.targetRef || !ctx.ws.sameApplyUnit(res.uri, o.uri))
        continue;
      const theirs = selectedWorkloads(ctx.ws, o);
      const common = mine.find((w) => theirs.includes(w));
      // Without the workloads in the workspace, identical selectors still pick the same pods.
      if (common || sameLabels(pol.selector, o.view.pol.selector)) hits.push({ other: o, workload: common });
    }
    if (!hits.length) return;
    const info = KINDS[res.kind];
    const sure = hits.some((h) => ctx.ws.applyUnitKind(res.uri, h.other.uri) !== 'dir');
    const w = hits.find((h) => h.workload)?.workload;
    const target = w ? `workload ${displayName(w)}` : `the workloads labelled ${formatLabels(pol.selector)}`;
    const [start, end] = span(res, pol.selectorNode ?? res.node);
    ctx.report({
      start,
      end,
      severity: !sure && info.severity === 'error' ? 'warning' : info.severity,
      message: `${displayName(res)} and ${hits.map((h) => `${displayName(h.other)} (${ctx.ws.relativePath(h.other.uri)})`).join(', ')} both select ${target}: ${info.effect}. Make the selectors pick disjoint workloads, or merge the objects.${sure ? '' : ' (They are in different files of one folder: this holds when the folder is applied as a whole.)'}`,
      data: { resource: res.key, others: hits.map((h) => h.other.key) },
      related: hits.map((h) => {
        const [s, e] = span(h.other, h.other.view?.type === 'Policy' ? (h.other.view.pol.selectorNode ?? h.other.node) : h.other.node);
        return { uri: h.other.uri, start: s, end: e, message: `also selects ${target}` };
      }),
    });
  },
});
