import { defineRule } from '../rule';

export default defineRule({
  id: 'internal-error',
  severity: 'error',
  category: 'parse',
  title: 'A rule failed on this resource; the failure is reported instead of stopping the analysis.',
  upstream: ['IST0001'],
});
