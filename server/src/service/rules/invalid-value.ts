import { defineRule } from '../rule';
import { span } from '../model';
import { schemaIssues } from '../schema/validate';

export default defineRule({
  id: 'invalid-value',
  severity: 'error',
  title: 'A value of the wrong type, outside an enum or a range, or mutually exclusive fields set together.',
  upstream: ['IST0106'],
  kinds: ['*'],
  check(res, ctx) {
    if (!ctx.settings.schemaValidation) return;
    for (const issue of schemaIssues(res)) {
      if (issue.kind !== 'invalid-value') continue;
      const [start, end] = span(res, issue.node);
      ctx.report({ start, end, message: issue.message, data: { resource: res.key, path: issue.path, ...issue.data } });
    }
  },
});
