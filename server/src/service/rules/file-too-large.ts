import { defineRule } from '../rule';

export default defineRule({
  id: 'file-too-large',
  severity: 'warning',
  title: 'The file is over the size limit (setting maxFileSize, default 5 MB) and is not analyzed.',
  source: 'parse',
});
