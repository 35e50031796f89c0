import { defineRule } from '../rule';
import { displayName, resourceSpan } from '../model';

export default defineRule({
  id: 'duplicate-resource',
  severity: 'warning',
  title: 'Two documents define the same kind, namespace and name: applied together, the last one replaces the other.',
  kinds: ['*'],
  check(res, ctx) {
    if (!res.name) return;
    const same = ctx.ws.byKey(res.kind, res.namespace, res.name);
    if (same.length < 2) return;
    // Only documents applied together replace each other (see docs/accuracy.md: apply units).
    const others = same.filter((r) => r !== res && ctx.ws.sameApplyUnit(res.uri, r.uri));
    if (!others.length) return;
    const [start, end] = resourceSpan(res);
    const where = others.map((o) => `${ctx.ws.relativePath(o.uri)}:${(ctx.ws.getFile(o.uri)?.lines.positionAt(resourceSpan(o)[0]).line ?? 0) + 1}`);
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
