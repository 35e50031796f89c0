import { span } from '../model';
import { defineRule } from '../rule';
import { misspelt } from '../schema/validate';

export default defineRule({
  id: 'subset-no-labels',
  severity: 'warning',
  category: 'structure',
  title: 'A DestinationRule subset without labels: it selects every endpoint of the host, which is rarely what a version subset means.',
  upstream: ['KIA0209'],
  kinds: ['DestinationRule'],
  check(res, ctx) {
    if (res.view?.type !== 'DestinationRule') return;
    // A subset of a gateway's own Service (Istio's egress pattern: `host: istio-egressgateway...`,
    // `subsets: [{name: cnn}]`) names a route through the gateway for its traffic policy, not a
    // version of pods: labels would mean nothing there.
    const host = res.view.dr.host?.value ?? '';
    if (/^istio-[a-z0-9-]*gateway(\.|$)/.test(host)) return;
    for (const s of res.view.dr.subsets) {
      if (Object.keys(s.labels).length) continue;
      // `lables:` is reported (and fixed) by unknown-field.
      if (ctx.settings.schemaValidation && misspelt(res, ['spec', 'subsets', s.index], 'labels')) continue;
      const [start, end] = span(res, s.name?.node ?? s.node);
      ctx.report({
        start,
        end,
        message: `Subset ${s.name?.value ?? s.index} has no labels, so it selects every endpoint of the host. Add the labels of the version it stands for (e.g. version: v2).`,
        data: { resource: res.key, subset: s.name?.value },
      });
    }
  },
});
