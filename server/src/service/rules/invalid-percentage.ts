import { span } from '../model';
import { defineRule } from '../rule';
import { get, scalarNumber } from '../yamlutil';
import { pairsOf } from './_walk';

const PERCENT_KEYS = new Set(['maxEjectionPercent', 'minHealthPercent', 'mirrorPercent', 'percent']);

export default defineRule({
  id: 'invalid-percentage',
  severity: 'error',
  category: 'schema',
  title: 'A percentage outside 0..100 (fault and mirror `percentage.value`, `maxEjectionPercent`, `minHealthPercent`).',
  kinds: ['VirtualService', 'DestinationRule'],
  check(res, ctx) {
    if (res.group !== 'networking.istio.io') return;
    for (const v of pairsOf(res)) {
      let node = v.value;
      if (v.key === 'percentage' || v.key === 'mirrorPercentage') node = get(v.value, 'value', res.doc.doc) ?? null;
      else if (!PERCENT_KEYS.has(v.key)) continue;
      const n = scalarNumber(node);
      if (n === undefined || (n >= 0 && n <= 100) || !node) continue;
      const [start, end] = span(res, node);
      ctx.report({
        start,
        end,
        message: `\`${v.key}\` ${n} is outside 0..100: Istio rejects the ${res.kind}.`,
        data: { resource: res.key, path: v.path, value: n },
      });
    }
  },
});
