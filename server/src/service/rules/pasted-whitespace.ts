import { defineRule } from '../rule';

export default defineRule({
  id: 'pasted-whitespace',
  severity: 'error',
  title: 'Non-breaking spaces (U+00A0) or tabs where YAML needs plain spaces, typically pasted from a web page.',
  fixes: [{ kind: 'safe', title: 'Replace pasted non-breaking spaces and tabs with spaces (this line, or the whole file)' }],
  source: 'parse',
});
