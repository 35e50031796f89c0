import { displayName, type Resource, resourceSpan } from '../model';
import { defineRule } from '../rule';

const MAX_LISTED = 10;
const MAX_COUNTED = 1000;

export default defineRule({
  id: 'duplicate-resource',
  severity: 'warning',
  category: 'workspace',
  title: 'Two documents define the same kind, namespace and name: applied together, the last one replaces the other.',
  kinds: ['*'],
  check(res, ctx) {
    if (!res.name) return;
    const same = ctx.ws.byKey(res.kind, res.namespace, res.name);
    if (same.length < 2) return;
    // Only documents applied together replace each other (see docs/accuracy.md: apply units).
    // Name at most MAX_LISTED others and count at most MAX_COUNTED: listing or counting all of n
    // copies in each of n findings is quadratic.
    const others: Resource[] = [];
    let together = 0;
    for (const r of same) {
      if (r === res || !ctx.ws.sameApplyUnit(res.uri, r.uri)) continue;
      if (others.length < MAX_LISTED) others.push(r);
      if (++together >= MAX_COUNTED) break;
    }
    if (!others.length) return;
    const more = together - others.length;
    const [start, end] = resourceSpan(res);
    const where = others.map((o) => `${ctx.ws.relativePath(o.uri)}:${(ctx.ws.getFile(o.uri)?.lines.positionAt(resourceSpan(o)[0]).line ?? 0) + 1}`);
    if (more > 0) where.push(together >= MAX_COUNTED ? `at least ${more} more` : `${more} more`);
    ctx.report({
      start,
      end,
      message: `${displayName(res)} is also defined in ${where.join(', ')}. Applied together, whichever is applied last replaces the other; keep one definition (or separate them by namespace).`,
      data: { resource: res.key, others: others.map((o) => o.uri) },
      related: others.map((o) => {
        const [s, e] = resourceSpan(o);
        return { uri: o.uri, start: s, end: e, message: `also defined here` };
      }),
    });
  },
});
