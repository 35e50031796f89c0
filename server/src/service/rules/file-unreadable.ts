import { defineRule } from '../rule';

export default defineRule<{ reason: string }>({
  id: 'file-unreadable',
  severity: 'error',
  category: 'parse',
  title: 'The file could not be read or decoded (not UTF-8 text, a read error, not a regular file) and is not analyzed.',
  checkFile(file, ctx) {
    const reason = file.facts.unreadable;
    if (file.skipped !== 'unreadable' || reason === undefined) return;
    ctx.report({ start: 0, end: 0, message: `File could not be analyzed: ${reason}.`, data: { reason } });
  },
});
