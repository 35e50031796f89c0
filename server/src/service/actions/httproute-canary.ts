/**
 * Canary steps on a Gateway API HTTPRoute rule's backendRefs: start (add the canary Service),
 * advance along the ladder, set, promote, roll back, retire the backends at weight 0. Minimal
 * text edits that keep comments and layout; none applies to an HTTPRoute that Argo Rollouts
 * (Gateway API plugin) or Flagger manages.
 */
import type { YAMLMap } from 'yaml';
import { addEdit, type FileEdits, largestRemainder, replaceScalar } from '../edits/edits';
import { insertLines, itemLayout } from '../edits/layout';
import { versionRank } from '../edits/subsets';
import { type BackendRef, isRoute, isServiceBackend, type RouteRule, routeView } from '../gatewayapi';
import { displayName, type Resource, span } from '../model';
import type { Workspace } from '../workspace';
import { get, scalarString, seqItems } from '../yamlutil';
import { type CanaryOptions, type CanaryStep, type StepResult, weightStep } from './canary';

/** The Argo Rollout (Gateway API traffic router plugin) or Flagger Canary that manages `route`. */
export function httpRouteController(ws: Workspace, route: Resource): Resource | undefined {
  if (!route.name) return undefined;
  for (const r of ws.ofKind('Rollout', route.namespace)) {
    const doc = r.doc.doc;
    const plugins = get(get(get(get(get(r.node, 'spec', doc), 'strategy', doc), 'canary', doc), 'trafficRouting', doc), 'plugins', doc);
    const gw = get(plugins, 'argoproj-labs/gatewayAPI', doc);
    if (!gw) continue;
    const names = [scalarString(get(gw, 'httpRoute', doc)), ...seqItems(get(gw, 'httpRoutes', doc), doc).map((x) => scalarString(get(x, 'name', doc)))];
    if (names.includes(route.name)) return r;
  }
  for (const c of ws.ofKind('Canary', route.namespace)) {
    if (c.view?.type !== 'Canary') continue;
    const name = c.view.canary.serviceName ?? c.view.canary.targetName;
    if (name === route.name) return c;
  }
  return undefined;
}

/** The rule of an HTTPRoute that contains `offset`. */
export function httpRouteRuleAt(res: Resource, offset: number): RouteRule | undefined {
  const v = routeView(res);
  if (!v || res.kind !== 'HTTPRoute') return undefined;
  return v.rules.find((r) => {
    const [s, e] = span(res, r.node);
    return offset >= s - 10 && offset <= e;
  });
}

function label(b: BackendRef): string {
  return b.name?.value ?? `backend ${b.index + 1}`;
}

function weightsOf(rule: RouteRule): number[] {
  return rule.backendRefs.map((b) => Math.max(0, b.weight));
}

/** Weights normalized to percentages (Gateway API weights are relative). */
function percents(rule: RouteRule): number[] {
  const w = weightsOf(rule);
  const total = w.reduce((a, b) => a + b, 0);
  return total ? largestRemainder(w, 100) : w.map(() => 0);
}

function rolesOf(rule: RouteRule, opts: Pick<CanaryOptions, 'canary' | 'stable'>): { canary: number; stable: number } | { error: string } {
  const refs = rule.backendRefs;
  if (refs.length < 2) return { error: 'The rule has a single backend: start a canary first.' };
  const byName = (n: string) => refs.findIndex((b) => b.name?.value === n);
  let canary = opts.canary ? byName(opts.canary) : -1;
  if (opts.canary && canary === -1) return { error: `No backendRef of the rule is named ${opts.canary}.` };
  if (canary === -1) {
    const ranks = refs.map((b) => versionRank(label(b)));
    const best = Math.max(...ranks);
    const canaryNamed = refs.findIndex((b) => /canary/.test(label(b)));
    canary = canaryNamed !== -1 ? canaryNamed : best >= 0 && ranks.filter((r) => r === best).length === 1 ? ranks.indexOf(best) : refs.length - 1;
  }
  let stable = opts.stable ? byName(opts.stable) : -1;
  if (opts.stable && stable === -1) return { error: `No backendRef of the rule is named ${opts.stable}.` };
  if (stable === -1) {
    const w = weightsOf(rule);
    let best = -1;
    w.forEach((x, i) => {
      if (i !== canary && x > best) {
        best = x;
        stable = i;
      }
    });
  }
  if (stable === canary) return { error: 'The canary and the stable backend are the same.' };
  return { canary, stable };
}

/** Set one backendRef's weight: replace the value, or add `weight:` in the map's own style. */
function setWeight(ws: Workspace, res: Resource, b: BackendRef, w: number, edits: FileEdits): boolean {
  if (b.weightNode && b.weight === w) return false;
  if (!b.weightNode && w === 1) return false;
  const file = ws.getFile(res.uri)!;
  if (b.weightNode) {
    addEdit(edits, res.uri, replaceScalar(res, b.weightNode, w));
    return true;
  }
  const [s, e] = span(res, b.node);
  if ((b.node as YAMLMap).flow) {
    const close = file.text.lastIndexOf('}', e);
    let at = close;
    while (at > s && /\s/.test(file.text[at - 1])) at--;
    addEdit(edits, res.uri, { start: at, end: at, newText: `, weight: ${w}` });
  } else {
    const lay = itemLayout(file.text, s, e);
    addEdit(edits, res.uri, insertLines(file.text, lay.end, [`${' '.repeat(lay.keyCol)}weight: ${w}`]));
  }
  return true;
}

/** Services of the route's namespace that could be the canary of `stable` (same name stem, not yet a backend), newest version first. */
export function httpRouteCanaryCandidates(ws: Workspace, _res: Resource, rule: RouteRule): string[] {
  const stable = rule.backendRefs[0];
  if (!stable?.name) return [];
  const stem = stable.name.value.replace(/[-.]?(v\d+([.-]\d+)*|stable|primary|main|blue|green)$/i, '');
  const used = new Set(rule.backendRefs.map((b) => `${b.namespace}/${b.name?.value}`));
  return ws
    .ofKind('Service', stable.namespace)
    .map((s) => s.name)
    .filter((n): n is string => !!n && n !== stable.name!.value && n.startsWith(stem) && !used.has(`${stable.namespace}/${n}`))
    .sort((a, b) => (/canary/.test(b) ? 1 : 0) - (/canary/.test(a) ? 1 : 0) || versionRank(b) - versionRank(a) || a.localeCompare(b));
}

export function applyHttpRouteStep(ws: Workspace, res: Resource, rule: RouteRule, step: CanaryStep, opts: CanaryOptions): StepResult {
  if (!isRoute(res) || res.kind !== 'HTTPRoute') return { error: `${displayName(res)} is not an HTTPRoute.` };
  const controller = httpRouteController(ws, res);
  if (controller)
    return {
      error: `${displayName(res)} is managed by ${displayName(controller)}: its controller overwrites the backend weights, so change the rollout there.`,
    };
  const file = ws.getFile(res.uri);
  if (!file) return { error: 'Unknown file.' };
  const refs = rule.backendRefs;
  if (!refs.length) return { error: 'The rule has no backendRefs.' };
  const edits: FileEdits = new Map();
  switch (step.step) {
    case 'start': {
      if (refs.length !== 1) return { error: 'A canary is already running on this rule (it has several backends).' };
      const stable = refs[0];
      if (!isServiceBackend(stable) || !stable.name) return { error: 'The backend is not a Service.' };
      const name = opts.canary ?? httpRouteCanaryCandidates(ws, res, rule)[0];
      if (!name)
        return { error: `No canary Service: give its name (no Service in namespace ${stable.namespace} looks like a new version of ${stable.name.value}).` };
      if (refs.some((b) => b.name?.value === name)) return { error: `${name} is already a backend of this rule.` };
      const first = opts.ladder[0] ?? 5;
      const [s, e] = span(res, stable.node);
      const fields = [
        `name: ${name}`,
        ...(stable.explicitNamespace ? [`namespace: ${stable.namespace}`] : []),
        ...(stable.port !== undefined ? [`port: ${stable.port}`] : []),
        `weight: ${first}`,
      ];
      const flowItem = !!(stable.node as YAMLMap).flow;
      const before = file.text.slice(0, s).trimEnd();
      if (flowItem && (before.endsWith('[') || before.endsWith(','))) {
        // A flow sequence: add the weight inside the stable item, the canary item after it.
        setWeight(ws, res, stable, 100 - first, edits);
        addEdit(edits, res.uri, { start: e, end: e, newText: `, {${fields.join(', ')}}` });
      } else {
        const lay = itemLayout(file.text, s, e);
        const lines: string[] = [];
        if (stable.weightNode) addEdit(edits, res.uri, replaceScalar(res, stable.weightNode, 100 - first));
        else if (flowItem) setWeight(ws, res, stable, 100 - first, edits);
        else lines.push(`${' '.repeat(lay.keyCol)}weight: ${100 - first}`);
        const dash = `${' '.repeat(lay.dashCol)}-${' '.repeat(Math.max(1, lay.keyCol - lay.dashCol - 1))}`;
        if (flowItem) lines.push(`${dash}{${fields.join(', ')}}`);
        else for (const [i, f] of fields.entries()) lines.push(i === 0 ? `${dash}${f}` : `${' '.repeat(lay.keyCol)}${f}`);
        addEdit(edits, res.uri, insertLines(file.text, lay.end, lines));
      }
      return { title: `Start canary: ${name} at ${first}% (${label(stable)} ${100 - first}%)`, edits, changed: true };
    }
    case 'advance':
    case 'set':
    case 'promote':
    case 'rollback': {
      const r = rolesOf(rule, opts);
      if ('error' in r) return r;
      const target = weightStep(step, percents(rule), r, (i) => label(refs[i]), opts.ladder);
      if ('error' in target) return target;
      const { title, weights } = target;
      let changed = false;
      refs.forEach((b, i) => {
        if (b.weight === weights[i] && b.weightNode) return;
        if (!b.weightNode && weights[i] === 1) return;
        changed = setWeight(ws, res, b, weights[i], edits) || changed;
      });
      return { title, edits, changed };
    }
    case 'retire': {
      const drop = refs.filter((b) => b.weightNode && b.weight === 0);
      if (!drop.length) return { error: 'No backendRef of the rule has weight 0: promote (or roll back) before retiring.' };
      if (drop.length === refs.length) return { error: 'Every backendRef has weight 0: nothing would be left to route to.' };
      if (drop.some((b) => (b.node as YAMLMap).flow)) return { error: 'The backendRefs are in flow style ({...}); remove the weight-0 entries by hand.' };
      for (const b of drop) {
        const [s, e] = span(res, b.node);
        const lay = itemLayout(file.text, s, e);
        addEdit(edits, res.uri, { start: lay.lineStart, end: lay.end, newText: '' });
      }
      return { title: `Retire ${drop.map(label).join(', ')}`, edits, changed: true };
    }
    default:
      return { error: 'This canary step applies to VirtualServices only.' };
  }
}
