/** Who owns the weights of a VirtualService or an HTTPRoute: Argo Rollouts, Flagger, an annotation or a comment. */

import type { Lookup } from '../lookup';
import type { Resource } from '../model';
import { asSeq, get, scalarString, seqItems } from '../yamlutil';

/**
 * The Argo Rollout or Flagger Canary that manages the weights of `route` (a VirtualService or a
 * Gateway API HTTPRoute), if the workspace has one. A Rollout names its VirtualServices under
 * `trafficRouting.istio` and its HTTPRoutes under the Gateway API traffic router plugin
 * (`trafficRouting.plugins["argoproj-labs/gatewayAPI"]`); Flagger names the VirtualService or
 * HTTPRoute after the service (spec.service.name, else the target's name).
 */
export function managingController(ws: Lookup, route: Resource): Resource | undefined {
  if (!route.name) return undefined;
  for (const r of ws.ofKind('Rollout', route.kind === 'HTTPRoute' ? route.namespace : undefined)) {
    if (route.kind === 'HTTPRoute' ? rolloutHttpRoutes(r).includes(route.name) : managesVirtualService(r, route)) return r;
  }
  for (const c of ws.ofKind('Canary', route.namespace)) {
    if (c.view?.type !== 'Canary') continue;
    const name = c.view.canary.serviceName ?? c.view.canary.targetName;
    if (name === route.name) return c;
  }
  return undefined;
}

function managesVirtualService(rollout: Resource, vs: Resource): boolean {
  if (rollout.view?.type !== 'Workload') return false;
  return !!rollout.view.wl.managedVirtualServices?.some((m) => m.name === vs.name && m.namespace === vs.namespace);
}

/** The HTTPRoutes a Rollout's Gateway API traffic router plugin sets the weights of. */
function rolloutHttpRoutes(rollout: Resource): (string | undefined)[] {
  const doc = rollout.doc.doc;
  const plugins = get(get(get(get(get(rollout.node, 'spec', doc), 'strategy', doc), 'canary', doc), 'trafficRouting', doc), 'plugins', doc);
  const gw = get(plugins, 'argoproj-labs/gatewayAPI', doc);
  if (!gw) return [];
  return [scalarString(get(gw, 'httpRoute', doc)), ...seqItems(get(gw, 'httpRoutes', doc), doc).map((x) => scalarString(get(x, 'name', doc)))];
}

/** Who owns the weights of a VirtualService or HTTPRoute, and how we know. */
export interface WeightOwner {
  /** For messages: "Rollout shop/reviews", "Flagger (annotation app.kubernetes.io/managed-by)". */
  owner: string;
  controller?: Resource;
}

const OWNER_ANNOTATION = 'mesh-lsp.dev/weights-managed-by';
// Argo CD is not a weight owner: only Argo Rollouts and Flagger are.
const CONTROLLER_WORDS = /flagger|rollouts?\b/i;
/** A comment that marks weights as managed elsewhere: `# weights managed by flagger`, `# mesh-lsp: weights owned by the deploy pipeline`. */
const OWNER_COMMENT = /#[^\n]*?\bweights?\s+(?:are\s+)?(?:managed|owned|set|controlled)\s+by\s+([^\n#]*\S)/i;
const CONTROLLER_COMMENT = /#[^\n]*?\b(?:managed|owned|controlled)\s+by\s+(flagger|argo[ -]?rollouts?)\b/i;

/**
 * The owner of `vs`'s weights: an Argo Rollout or Flagger Canary in the workspace, an owner
 * reference to one, an annotation (`mesh-lsp.dev/weights-managed-by`, or
 * `app.kubernetes.io/managed-by` label or annotation naming Flagger or Argo Rollouts), or a comment in the document
 * (`# weights managed by <owner>`). Weight fixes and canary steps leave such weights alone.
 */
export function weightOwner(ws: Lookup, vs: Resource): WeightOwner | undefined {
  const controller = managingController(ws, vs);
  if (controller) return { owner: `${controller.kind} ${controller.namespace}/${controller.name ?? '<unnamed>'}`, controller };
  const explicit = vs.annotations[OWNER_ANNOTATION];
  if (explicit) return { owner: `${explicit} (annotation ${OWNER_ANNOTATION})` };
  for (const [where, map] of [
    ['label', vs.labels],
    ['annotation', vs.annotations],
  ] as const) {
    const managedBy = map['app.kubernetes.io/managed-by'];
    if (managedBy && CONTROLLER_WORDS.test(managedBy)) return { owner: `${managedBy} (${where} app.kubernetes.io/managed-by)` };
  }
  const doc = vs.doc.doc;
  const refs = asSeq(get(get(vs.node, 'metadata', doc), 'ownerReferences', doc));
  for (const item of refs?.items ?? []) {
    const kind = scalarString(get(item, 'kind', doc));
    if (kind === 'Rollout' || kind === 'Canary') return { owner: `${kind} ${scalarString(get(item, 'name', doc)) ?? ''} (owner reference)`.replace('  ', ' ') };
  }
  const text = vs.doc.chunk;
  const m = OWNER_COMMENT.exec(text) ?? CONTROLLER_COMMENT.exec(text);
  if (m) return { owner: `${m[1]} (comment)` };
  return undefined;
}
