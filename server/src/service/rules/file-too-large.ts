import { defineRule } from '../rule';
import { humanSize } from '../text';

export default defineRule<{ size: number; limit: number }>({
  id: 'file-too-large',
  severity: 'warning',
  category: 'parse',
  title: 'The file is over the size limit (setting maxFileSize, default 5 MB) and is not analyzed.',
  checkFile(file, ctx) {
    const size = file.facts.size;
    if (file.skipped !== 'too-large' || size === undefined) return;
    const limit = ctx.settings.maxFileSize;
    ctx.report({
      start: 0,
      end: 0,
      message: `File is ${humanSize(size)}, over the ${humanSize(limit)} limit (setting maxFileSize); it was not analyzed.`,
      data: { size, limit },
    });
  },
});
