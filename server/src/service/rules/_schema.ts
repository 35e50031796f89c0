/** Shared by the three schema rules: report the schema issues of one kind. */

import { isScalar } from 'yaml';
import { span } from '../model';
import { defineRule, type FixDescription, type Rule } from '../rule';
import { type SchemaIssue, type SchemaIssueData, schemaIssues } from '../schema/validate';
import { isDurationField } from './_durations';

export type SchemaData = SchemaIssueData & { resource: string; path: (string | number)[] };

export function schemaRule(kind: SchemaIssue['kind'], title: string, fixes?: FixDescription[], fix?: Rule<SchemaData>['fix']): Rule<SchemaData> {
  return defineRule<SchemaData>({
    id: kind,
    severity: 'error',
    category: 'schema',
    title,
    fixes,
    upstream: ['IST0106'],
    kinds: ['*'],
    check(res, ctx) {
      if (!ctx.settings.schemaValidation) return;
      for (const issue of schemaIssues(res)) {
        if (issue.kind !== kind) continue;
        // A scalar in a Duration field (`timeout: 5`) is one mistake, reported by invalid-duration
        // with the fix in its message; the type error would say the same thing a second time.
        if (kind === 'invalid-value' && isScalar(issue.node) && isDurationField(res, issue.path)) continue;
        const [start, end] = span(res, issue.node);
        ctx.report({ start, end, message: issue.message, data: { resource: res.key, path: issue.path, ...issue.data } });
      }
    },
    fix,
  });
}
