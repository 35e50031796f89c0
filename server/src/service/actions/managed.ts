/** Controllers that own a VirtualService's weights: Argo Rollouts and Flagger. */
import type { Resource } from '../model';
import type { Workspace } from '../workspace';

/** The Rollout or Flagger Canary that manages `vs`, if the workspace has one. */
export function managingController(ws: Workspace, vs: Resource): Resource | undefined {
  if (!vs.name) return undefined;
  for (const r of ws.ofKind('Rollout')) {
    if (r.view?.type !== 'Workload') continue;
    if (r.view.wl.managedVirtualServices?.some((m) => m.name === vs.name && m.namespace === vs.namespace)) return r;
  }
  for (const c of ws.ofKind('Canary', vs.namespace)) {
    if (c.view?.type !== 'Canary') continue;
    // Flagger names the VirtualService after the service (spec.service.name, else the target's name).
    const name = c.view.canary.serviceName ?? c.view.canary.targetName;
    if (name === vs.name) return c;
  }
  return undefined;
}
