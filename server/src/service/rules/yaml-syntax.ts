import { defineRule } from '../rule';

export default defineRule({
  id: 'yaml-syntax',
  severity: 'error',
  title: 'The text is not valid YAML (reported with the exact range of the error).',
  source: 'parse',
  upstream: ['IST0106'],
});
