import { defineRule } from '../rule';

export default defineRule({
  id: 'helm-template',
  severity: 'info',
  title: 'The file holds Helm/Go template syntax ({{ ... }}) and is skipped until rendered.',
  source: 'parse',
});
