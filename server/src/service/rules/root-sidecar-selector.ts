import { span } from '../model';
import { policyOf, rootNamespace } from '../query/policies';
import { defineRule } from '../rule';

export default defineRule({
  id: 'root-sidecar-selector',
  severity: 'warning',
  category: 'structure',
  title: 'A Sidecar in the root namespace with a workloadSelector: the mesh-wide default Sidecar must not have one.',
  upstream: ['KIA1006'],
  kinds: ['Sidecar'],
  check(res, ctx) {
    const pol = policyOf(res);
    const root = rootNamespace(ctx.ws);
    if (!pol?.selector || res.namespace !== root || !res.explicitNamespace) return;
    const [start, end] = span(res, pol.selectorNode ?? res.node);
    ctx.report({
      start,
      end,
      message: `This Sidecar is in the root namespace ${root} and has a workloadSelector: it is not the mesh-wide default (only a Sidecar without selector there is), and it applies only to matching workloads of ${root}. Remove the workloadSelector to make it the default for namespaces without their own Sidecar, or move it to the namespace of the workloads it is meant for.`,
      data: { resource: res.key },
    });
  },
});
