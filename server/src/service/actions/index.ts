/**
 * Code actions: quick fixes for findings, and canary steps on an HTTP route. Every action is
 * checked before it is offered (see verify.ts): the edited texts must parse with no new YAML
 * error and keep every comment.
 */
import type { Range, WorkspaceEdit } from 'vscode-languageserver-types';
import { toWorkspaceEdit } from '../edits/edits';
import { weightOwner } from '../query/managed';
import { resourceAt } from '../query/resources';
import type { MeshSettings } from '../settings';
import type { Finding, FixKind } from '../types';
import type { Workspace } from '../workspace';
import { applyStep, type CanaryStep, routeAt, startCandidates } from './canary';
import { applyHttpRouteStep, httpRouteCanaryCandidates, httpRouteController, httpRouteRuleAt } from './httproute-canary';
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

const STEPS: { id: string; step: CanaryStep }[] = [
  { id: 'canary.start', step: { step: 'start' } },
  { id: 'canary.advance', step: { step: 'advance' } },
  { id: 'canary.promote', step: { step: 'promote' } },
  { id: 'canary.rollback', step: { step: 'rollback' } },
  { id: 'canary.retire', step: { step: 'retire' } },
  { id: 'canary.header-route.end-user', step: { step: 'header-route', match: 'end-user' } },
  { id: 'canary.header-route.user-agent', step: { step: 'header-route', match: 'user-agent' } },
  { id: 'canary.header-route.cookie', step: { step: 'header-route', match: 'cookie' } },
];

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
  if (wants('refactor.rewrite')) {
    const vs = resourceAt(file, start);
    const route = vs?.kind === 'VirtualService' ? routeAt(vs, start) : undefined;
    const owner = vs && route ? weightOwner(ws, vs) : undefined;
    if (vs && route && owner)
      out.push({
        title: `Canary steps: weights are managed by ${owner.owner}`,
        kind: 'refactor.rewrite',
        edit: { changes: {} },
        id: 'canary.managed',
        disabled: `The weights are managed by ${owner.owner}; change the rollout there.`,
      });
    if (vs && route && !owner) {
      const sets = settings.canaryLadder.map((w) => ({ id: `canary.set.${w}`, step: { step: 'set', weight: w } as CanaryStep }));
      const steps = [...STEPS.slice(0, 2), ...sets, ...STEPS.slice(2)];
      const seen = new Set<string>();
      const starts = route.destinations.length === 1 ? startCandidates(ws, vs, route).slice(0, 3) : [];
      for (const { id, step } of steps) {
        const canaries = (step.step === 'start' || step.step === 'header-route') && starts.length ? starts.map((c) => c.name) : [undefined];
        for (const canary of canaries) {
          const r = applyStep(ws, vs, route, step, { ladder: settings.canaryLadder, canary });
          if ('error' in r || !r.changed || seen.has(r.title)) continue;
          if (step.step === 'set' && (r.title.includes('to 100%') || r.title.includes('to 0%'))) continue; // promote / roll back say it better
          if (!editedTexts(ws, r.edits)) continue;
          seen.add(r.title);
          out.push({ title: r.title, kind: 'refactor.rewrite', edit: toWorkspaceEdit(ws, r.edits), id });
        }
      }
    }
    // The same steps on a Gateway API HTTPRoute rule's backendRefs.
    const rule = vs?.kind === 'HTTPRoute' ? httpRouteRuleAt(vs, start) : undefined;
    if (vs && rule && !httpRouteController(ws, vs)) {
      const sets = settings.canaryLadder.map((w) => ({ id: `canary.set.${w}`, step: { step: 'set', weight: w } as CanaryStep }));
      const starts = rule.backendRefs.length === 1 ? httpRouteCanaryCandidates(ws, vs, rule).slice(0, 3) : [];
      const seen = new Set<string>();
      for (const { id, step } of [...STEPS.slice(0, 2), ...sets, ...STEPS.slice(2, 5)]) {
        for (const canary of step.step === 'start' && starts.length ? starts : [undefined]) {
          const r = applyHttpRouteStep(ws, vs, rule, step, { ladder: settings.canaryLadder, canary });
          if ('error' in r || !r.changed || seen.has(r.title)) continue;
          if (step.step === 'set' && (r.title.includes('to 100%') || r.title.includes('to 0%'))) continue;
          if (!editedTexts(ws, r.edits)) continue;
          seen.add(r.title);
          out.push({ title: r.title, kind: 'refactor.rewrite', edit: toWorkspaceEdit(ws, r.edits), id });
        }
      }
    }
  }
  return out;
}
