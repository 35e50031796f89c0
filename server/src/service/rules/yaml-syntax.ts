import { defineRule } from '../rule';

export default defineRule<{ code: string }>({
  id: 'yaml-syntax',
  severity: 'error',
  category: 'parse',
  title: 'The text is not valid YAML (reported with the exact range of the error).',
  source: 'parse',
  upstream: ['IST0106'],
  // Syntax errors of every parsed document (also of those past an analysis bound). One mistake
  // often makes the parser report a cascade on the same line (a bad indentation, then a key
  // without a value, then a missing character): the first error of a line is its cause, the
  // one reported.
  checkFile(file, ctx) {
    if (!file.facts.checkText) return;
    const lines = new Set<number>();
    for (const d of file.facts.parsed) {
      for (const e of d.doc.errors) {
        // An error at the end of the text has pos [len, len + 1]: clamp it to the chunk.
        const start = d.base + Math.min(e.pos[0], d.chunk.length);
        const line = file.lines.positionAt(start).line;
        if (lines.has(line)) continue;
        lines.add(line);
        ctx.report({
          start,
          end: d.base + Math.min(Math.max(e.pos[1], e.pos[0] + 1), d.chunk.length),
          message: `YAML syntax error: ${e.message}`,
          data: { code: e.code },
        });
      }
    }
  },
});
