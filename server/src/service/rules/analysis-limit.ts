import { defineRule } from '../rule';

export default defineRule({
  id: 'analysis-limit',
  severity: 'warning',
  title: 'The input exceeds an analysis bound (alias expansion, nesting depth, rule time budget); that part was not analyzed.',
  source: 'parse',
});
