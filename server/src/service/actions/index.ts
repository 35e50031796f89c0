/**
 * Code actions: quick fixes for findings, and canary steps on an HTTP route. Every action is
 * checked before it is offered (see verify.ts): the edited texts must parse with no new YAML
 * error and keep every comment.
 */
import type { Range, WorkspaceEdit } from 'vscode-languageserver-types';
import { toWorkspaceEdit } from '../edits/edits';
import type { FileEntry } from '../lookup';
import type { Resource } from '../model';
import { resourceAt } from '../query/resources';
import { weightOwner } from '../query/weights';
import type { MeshSettings } from '../settings';
import type { Finding, FixKind } from '../types';
import type { Workspace } from '../workspace';
import { applyHttpRouteStep, HTTPROUTE_STEPS, httpRouteCanaryCandidates, httpRouteRuleAt } from './canary/httproute';
import { type CanaryStep, type CanaryStepKind, offeredSetWeights, type StepResult } from './canary/plan';
import { applyStep, routeAt, startCandidates } from './canary/virtualservice';
import { ruleFixes } from './quickfix';
import { editedTexts } from './verify';

export interface MeshCodeAction {
  title: string;
  kind: 'quickfix' | 'refactor.rewrite';
  isPreferred?: boolean;
  /** The findings this action fixes. */
  findings?: Finding[];
  edit: WorkspaceEdit;
  /** Stable id, e.g. `canary.advance`, `fix.misnested-destination`. */
  id: string;
  /** `safe` or `suggestion` for quick fixes (see Fix). */
  fixKind?: FixKind;
  /** Why the action cannot be applied (shown by the editor, e.g. who owns the weights); `edit` is then empty. */
  disabled?: string;
}

/** The canary steps code actions offer, in menu order; each kind of route takes the kinds it supports. */
function offeredSteps(ladder: number[]): { id: string; step: CanaryStep }[] {
  return [
    { id: 'canary.start', step: { step: 'start' } },
    { id: 'canary.advance', step: { step: 'advance' } },
    ...offeredSetWeights(ladder).map((w) => ({ id: `canary.set.${w}`, step: { step: 'set', weight: w } as CanaryStep })),
    { id: 'canary.promote', step: { step: 'promote' } },
    { id: 'canary.rollback', step: { step: 'rollback' } },
    { id: 'canary.retire', step: { step: 'retire' } },
    { id: 'canary.header-route.end-user', step: { step: 'header-route', match: 'end-user' } },
    { id: 'canary.header-route.user-agent', step: { step: 'header-route', match: 'user-agent' } },
    { id: 'canary.header-route.cookie', step: { step: 'header-route', match: 'cookie' } },
  ];
}

/** The most canary names a start step is offered with (the newest first): a menu, not a catalogue. */
const MAX_START_OFFERS = 3;

/** One route's canary steps as the code actions see them, for either kind of route. */
interface CanaryRoute {
  supports: (kind: CanaryStepKind) => boolean;
  /** Canary names to offer the start (and header-route) steps with, when the route has a single target. */
  starts: string[];
  /** The step kinds that take one action per name of `starts`. */
  perStart: ReadonlySet<CanaryStepKind>;
  apply: (step: CanaryStep, canary: string | undefined) => StepResult;
}

function canaryRouteAt(ws: Workspace, res: Resource, offset: number, ladder: number[]): CanaryRoute | MeshCodeAction | undefined {
  if (res.kind === 'VirtualService') {
    const route = routeAt(res, offset);
    if (!route) return undefined;
    const owner = weightOwner(ws, res);
    if (owner)
      return {
        title: `Canary steps: weights are managed by ${owner.owner}`,
        kind: 'refactor.rewrite',
        edit: { changes: {} },
        id: 'canary.managed',
        disabled: `The weights are managed by ${owner.owner}; change the rollout there.`,
      };
    return {
      supports: () => true,
      starts: route.destinations.length === 1 ? startCandidates(ws, res, route).map((c) => c.name) : [],
      perStart: new Set(['start', 'header-route']),
      apply: (step, canary) => applyStep(ws, res, route, step, { ladder, canary }),
    };
  }
  const rule = res.kind === 'HTTPRoute' ? httpRouteRuleAt(res, offset) : undefined;
  // An HTTPRoute whose weights are owned elsewhere gets no canary action at all.
  if (!rule || weightOwner(ws, res)) return undefined;
  return {
    supports: (kind) => HTTPROUTE_STEPS.has(kind),
    starts: rule.backendRefs.length === 1 ? httpRouteCanaryCandidates(ws, res, rule) : [],
    perStart: new Set(['start']),
    apply: (step, canary) => applyHttpRouteStep(ws, res, rule, step, { ladder, canary }),
  };
}

/** Canary steps for the route at `offset`: each offered once (by title), only when it changes something and its edits verify. */
function canaryActions(ws: Workspace, file: FileEntry, offset: number, settings: MeshSettings): MeshCodeAction[] {
  const res = resourceAt(file, offset);
  const target = res && canaryRouteAt(ws, res, offset, settings.canaryLadder);
  if (!target) return [];
  if ('title' in target) return [target];
  const out: MeshCodeAction[] = [];
  const seen = new Set<string>();
  const starts = target.starts.slice(0, MAX_START_OFFERS);
  for (const { id, step } of offeredSteps(settings.canaryLadder)) {
    if (!target.supports(step.step)) continue;
    for (const canary of target.perStart.has(step.step) && starts.length ? starts : [undefined]) {
      const r = target.apply(step, canary);
      if ('error' in r || !r.changed || seen.has(r.title)) continue;
      if (!editedTexts(ws, r.edits)) continue;
      seen.add(r.title);
      out.push({ title: r.title, kind: 'refactor.rewrite', edit: toWorkspaceEdit(ws, r.edits), id });
    }
  }
  return out;
}

/**
 * Code actions for a range of a document: quick fixes of the findings it overlaps (and of those
 * whose ids the client names, from its diagnostics' `data`), and canary steps for the route it is in.
 */
export function codeActions(ws: Workspace, uri: string, range: Range, settings: MeshSettings, only?: string[], ids?: string[]): MeshCodeAction[] {
  const file = ws.getFile(uri);
  if (!file) return [];
  const wants = (kind: string) => !only?.length || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const start = file.lines.offsetAt(range.start);
  const out: MeshCodeAction[] = [];
  if (wants('quickfix')) {
    const all = ws.findings(uri);
    const lineOf = (o: number) => file.lines.positionAt(o).line;
    const [l0, l1] = [range.start.line, range.end.line];
    for (const f of all) {
      if ((lineOf(f.end) < l0 || lineOf(f.start) > l1) && !(f.id && ids?.includes(f.id))) continue;
      for (const fix of ruleFixes(ws, f, all)) {
        if (fix.disabled !== undefined) {
          out.push({ title: fix.title, kind: 'quickfix', findings: [f], edit: { changes: {} }, id: `fix.${f.rule}`, disabled: fix.disabled });
          continue;
        }
        if (!editedTexts(ws, fix.edits)) continue;
        // Only safe fixes are preferred: editors apply preferred fixes automatically.
        out.push({
          title: fix.title,
          kind: 'quickfix',
          isPreferred: (fix.preferred && fix.kind === 'safe') || undefined,
          findings: [f],
          edit: toWorkspaceEdit(ws, fix.edits),
          id: `fix.${f.rule}`,
          fixKind: fix.kind,
        });
      }
    }
  }
  if (wants('refactor.rewrite')) out.push(...canaryActions(ws, file, start, settings));
  return out;
}
