import { displayName, resourceSpan, span } from '../model';
import { namespaceWidePeers, rootNamespace } from '../query/policies';
import { defineRule } from '../rule';
import type { Severity } from '../types';

/** Per kind: how bad two selector-less objects in one namespace are, and what happens. */
const KINDS: Record<string, { severity: Severity; effect: string }> = {
  Sidecar: { severity: 'error', effect: 'which one configures the proxies of the namespace is undefined' },
  Telemetry: { severity: 'error', effect: 'which one applies to the workloads of the namespace is undefined' },
  PeerAuthentication: { severity: 'warning', effect: 'Istio applies only the oldest one, so the mTLS mode of the other is ignored' },
  RequestAuthentication: { severity: 'info', effect: 'Istio combines their JWT rules, so every issuer of both is accepted by every workload of the namespace' },
};

export default defineRule({
  id: 'conflicting-namespace-policies',
  severity: 'error',
  category: 'workspace',
  title:
    'Two Sidecars, PeerAuthentications, RequestAuthentications or Telemetries without a selector in one namespace: only one namespace-wide object of a kind may exist.',
  upstream: ['IST0111', 'IST0160', 'KIA0002'],
  kinds: Object.keys(KINDS),
  check(res, ctx) {
    const others = namespaceWidePeers(ctx.ws, res);
    if (!others.length) return;
    const info = KINDS[res.kind];
    const sure = others.some((o) => ctx.ws.applyUnitKind(res.uri, o.uri) !== 'dir');
    const scope = res.namespace === rootNamespace(ctx.ws) && res.kind !== 'Sidecar' ? 'the root namespace (mesh-wide)' : `namespace ${res.namespace}`;
    const [start, end] = resourceSpan(res);
    ctx.report({
      start,
      end,
      severity: !sure && info.severity === 'error' ? 'warning' : info.severity,
      message: `${displayName(res)} and ${others.map((o) => `${displayName(o)} (${ctx.ws.relativePath(o.uri)})`).join(', ')} have no selector in ${scope}: ${info.effect}. Merge them into one, or give all but one a selector.${sure ? '' : ' (They are in different files of one folder: this holds when the folder is applied as a whole.)'}`,
      data: { resource: res.key, others: others.map((o) => o.key) },
      related: others.map((o) => {
        const [s, e] = span(o, o.nameNode ?? o.node);
        return { uri: o.uri, start: s, end: e, message: `also a ${o.kind} without selector` };
      }),
    });
  },
});
