import { defineRule } from '../rule';
import { span } from '../model';
import { schemaIssues } from '../schema/validate';

export default defineRule({
  id: 'unknown-field',
  severity: 'error',
  title: 'A field the Istio API does not know (a typo such as "meta data" or "rout", or a key at the wrong level); Kubernetes drops it silently.',
  upstream: ['IST0106'],
  kinds: ['*'],
  check(res, ctx) {
    if (!ctx.settings.schemaValidation) return;
    for (const issue of schemaIssues(res)) {
      if (issue.kind !== 'unknown-field') continue;
      const [start, end] = span(res, issue.node);
      ctx.report({ start, end, message: issue.message, data: { resource: res.key, path: issue.path, ...issue.data } });
    }
  },
});
