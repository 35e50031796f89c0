import type { Resource } from '../model';
import { displayName, formatLabels, sameLabels, span } from '../model';
import { defineRule } from '../rule';
import { get } from '../yamlutil';

const CONTROLLERS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Rollout', 'ReplicationController']);

export default defineRule({
  id: 'overlapping-selectors',
  severity: 'warning',
  category: 'workspace',
  title: "A workload's selector also matches the pod labels of another workload in the namespace, so their controllers fight over the same pods.",
  kinds: [...CONTROLLERS],
  check(res, ctx) {
    if (res.view?.type !== 'Workload') return;
    const selector = res.view.wl.selector;
    if (!selector || !Object.keys(selector).length) return;
    // Only workloads applied together compete; and since controllers own their pods through
    // ownerReferences, a selector that also matches a sibling's pods (the v1/canary pattern)
    // is harmless unless the two pod templates carry the same labels (indistinguishable pods).
    const mine = res.view.wl.podLabels;
    const others = ctx.ws
      .workloadsMatching(res.namespace, selector)
      .filter(
        (w) => w !== res && w.key !== res.key && w.view?.type === 'Workload' && sameLabels(mine, w.view.wl.podLabels) && ctx.ws.sameApplyUnit(res.uri, w.uri),
      );
    if (!others.length) return;
    const [start, end] = span(res, selectorNode(res) ?? res.node);
    ctx.report({
      start,
      end,
      message: `${displayName(res)} selects ${formatLabels(selector)}, which also matches the pods of ${others
        .slice(0, 3)
        .map((o) => `${displayName(o)} (${ctx.ws.relativePath(o.uri)})`)
        .join(
          ', ',
        )}${others.length > 3 ? ` and ${others.length - 3} more` : ''}: controllers with overlapping selectors fight over the same pods. Add a distinguishing label (such as version) to the selector and the pod template.`,
      data: { resource: res.key, others: others.map((o) => o.key) },
      related: others.map((o) => {
        const [s, e] = span(o, o.nameNode ?? o.node);
        return { uri: o.uri, start: s, end: e, message: `pods of ${displayName(o)}` };
      }),
    });
  },
});

function selectorNode(res: Resource) {
  const spec = get(res.node, 'spec', res.doc.doc);
  const sel = get(spec, 'selector', res.doc.doc);
  return get(sel, 'matchLabels', res.doc.doc) ?? sel ?? undefined;
}
