import { MAX_ALIAS_EXPANSION, MAX_BLOCK_SCAN_DEPTH, MAX_DEPTH, MAX_FLOW_SCAN_DEPTH, measureDocument } from '../limits';
import { defineRule } from '../rule';

/** `time` findings are reported by the rule runner when a file's rules exceed their time budget. */
type LimitData = { limit: 'depth' | 'aliases'; max: number } | { limit: 'time'; budgetMs: number; rule: string; skipped: string[] };

export default defineRule<LimitData>({
  id: 'analysis-limit',
  severity: 'warning',
  category: 'parse',
  title: 'The input exceeds an analysis bound (alias expansion, nesting depth, rule time budget); that part was not analyzed.',
  checkFile(file, ctx) {
    const deep = file.facts.deepFlowAt;
    if (file.skipped === 'too-deep' && deep !== undefined) {
      ctx.report({
        start: deep,
        end: deep + 1,
        message: `Flow collections ([ ] and { }) nest more than ${MAX_FLOW_SCAN_DEPTH} levels deep here; the file was not parsed.`,
        data: { limit: 'depth', max: MAX_FLOW_SCAN_DEPTH },
      });
    }
    const deepBlock = file.facts.deepBlockAt;
    if (file.skipped === 'too-deep' && deepBlock !== undefined) {
      ctx.report({
        start: deepBlock,
        end: deepBlock + 1,
        message: `Block collections (indentation and - items) may nest more than ${MAX_BLOCK_SCAN_DEPTH} levels deep here, past what can be parsed safely; the file was not parsed.`,
        data: { limit: 'depth', max: MAX_BLOCK_SCAN_DEPTH },
      });
    }
    if (!file.facts.checkLimits) return;
    for (const d of file.facts.parsed) {
      const m = measureDocument(d.doc);
      const start = d.base + Math.max(0, d.doc.contents?.range?.[0] ?? 0);
      if (m.expanded > MAX_ALIAS_EXPANSION) {
        ctx.report({
          severity: 'error',
          start,
          end: start + 1,
          message: `Document ${d.index + 1} expands to more than ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')} nodes through YAML aliases ("billion laughs"); Kubernetes rejects it as excessive aliasing. Aliases were not expanded.`,
          data: { limit: 'aliases', max: MAX_ALIAS_EXPANSION },
        });
      }
      if (m.tooDeep) {
        const at = d.base + (m.deepAt ?? 0);
        ctx.report({
          start: at,
          end: at + 1,
          message: `Document ${d.index + 1} nests collections more than ${MAX_DEPTH} levels deep; it was not analyzed.`,
          data: { limit: 'depth', max: MAX_DEPTH },
        });
      }
    }
  },
});
