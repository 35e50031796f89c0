import { defineRule } from '../rule';

export default defineRule({
  id: 'helm-template',
  severity: 'info',
  title: 'The file is a template (Helm chart template, or not YAML until its {{ ... }}, ${VAR} or %VAR% placeholders are filled) and is skipped until rendered.',
  source: 'parse',
});
