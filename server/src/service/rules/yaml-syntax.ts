import { defineRule, type Report } from '../rule';

export default defineRule<{ code: string }>({
  id: 'yaml-syntax',
  severity: 'error',
  category: 'parse',
  title: 'The text is not valid YAML (reported with the exact range of the error).',
  upstream: ['IST0106'],
  // Syntax errors of every parsed document (also of those past an analysis bound). One mistake
  // often makes the parser report a cascade: several errors on the same line (a bad indentation,
  // then a key without a value), or the same error on each following line of one mapping (every
  // sibling after a mis-indented key). The first error of a line is its cause, the one
  // reported; the same error again at the same column of the same document is one finding that
  // names the other lines.
  checkFile(file, ctx) {
    if (!file.facts.checkText) return;
    const lines = new Set<number>();
    for (const d of file.facts.parsed) {
      let last: { code: string; message: string; character: number; report: Report<{ code: string }>; more: number[] } | undefined;
      const flush = () => {
        if (!last) return;
        if (last.more.length)
          last.report.message += ` (the same error on line${last.more.length > 1 ? 's' : ''} ${last.more.map((l) => l + 1).join(', ')}: one mistake above them)`;
        ctx.report(last.report);
        last = undefined;
      };
      for (const e of d.doc.errors) {
        // An error at the end of the text has pos [len, len + 1]: clamp it to the chunk.
        const start = d.base + Math.min(e.pos[0], d.chunk.length);
        const pos = file.lines.positionAt(start);
        if (lines.has(pos.line)) continue;
        lines.add(pos.line);
        const message = e.message.split('\n')[0];
        if (last && last.code === e.code && last.message === message && last.character === pos.character) {
          last.more.push(pos.line);
          continue;
        }
        flush();
        last = {
          code: e.code,
          message,
          character: pos.character,
          more: [],
          report: {
            start,
            end: d.base + Math.min(Math.max(e.pos[1], e.pos[0] + 1), d.chunk.length),
            message: `YAML syntax error: ${e.message}`,
            data: { code: e.code },
          },
        };
      }
      flush();
    }
  },
});
