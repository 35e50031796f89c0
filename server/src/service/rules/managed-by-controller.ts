import { displayName, resourceSpan } from '../model';
import { weightOwner } from '../query/managed';
import { defineRule } from '../rule';

export default defineRule({
  id: 'managed-by-controller',
  severity: 'info',
  category: 'traffic',
  title: 'An Argo Rollout or a Flagger Canary manages this VirtualService: its controller overwrites the route weights.',
  kinds: ['VirtualService'],
  check(res, ctx) {
    const owner = weightOwner(ctx.ws, res);
    if (!owner) return;
    const controller = owner.controller;
    const [start, end] = resourceSpan(res);
    ctx.report({
      start,
      end,
      message: controller
        ? `${displayName(res)} is managed by ${displayName(controller)} (${ctx.ws.relativePath(controller.uri)}): the controller sets the route weights during a rollout, so weight edits here are overwritten. Change the rollout steps there; mesh-lsp offers no weight edits for this VirtualService.`
        : `The weights of ${displayName(res)} are managed by ${owner.owner}: mesh-lsp offers no weight edits for this VirtualService, and --fix leaves them alone.`,
      data: { resource: res.key, controller: controller?.key, owner: owner.owner },
    });
  },
});
