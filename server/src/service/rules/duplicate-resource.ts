import { defineRule } from '../rule';
import { displayName, resourceSpan } from '../model';
import { baseName } from '../links';

const MAX_LISTED = 10;

export default defineRule({
  id: 'duplicate-resource',
  severity: 'warning',
  title: 'Two documents define the same kind, namespace and name: applied together, the last one replaces the other.',
  kinds: ['*'],
  check(res, ctx) {
    if (!res.name) return;
    const same = ctx.ws.byKey(res.kind, res.namespace, res.name);
    if (same.length < 2) return;
    // Name at most MAX_LISTED others: listing all of n copies in each of n findings is quadratic.
    const others = same.slice(0, MAX_LISTED + 1).filter((r) => r !== res).slice(0, MAX_LISTED);
    const more = same.length - 1 - others.length;
    const [start, end] = resourceSpan(res);
    const where = others.map((o) => `${baseName(o.uri)}:${(ctx.ws.getFile(o.uri)?.lines.positionAt(resourceSpan(o)[0]).line ?? 0) + 1}`);
    if (more > 0) where.push(`${more} more`);
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
