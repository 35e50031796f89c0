/**
 * Fix all: apply one quick fix per finding, repeatedly, as `meshlint --fix` does and the editor's
 * and playground's "Fix all" do. Only safe fixes (one possible edit), unless `suggestions` is
 * set, in which case the suggestion a finding's message names is applied too.
 */

import type { FileEdits } from '../edits/edits';
import type { Workspace } from '../workspace';
import { type Fix, findingFixes } from './quickfix';
import { editedTexts } from './verify';

export interface FixResult {
  /** uri → [original, fixed] for every changed file. */
  changed: Map<string, [string, string]>;
  applied: number;
  /** Fixes applied per rule id. */
  byRule: Map<string, number>;
  /** Fixes that would still apply after the last pass (none, unless the pass limit was reached). */
  remaining: number;
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return (a.start < b.end && b.start < a.end) || (a.start === b.start && a.end === a.start && b.end === b.start);
}

/** The fix `--fix` (or `--fix-suggestions`) applies for a finding, if any. */
export function chooseFix(fixes: Fix[], suggestions: boolean): Fix | undefined {
  const safe = fixes.filter((x) => x.kind === 'safe');
  const pick = safe.find((x) => x.preferred) ?? safe[0];
  if (pick || !suggestions) return pick;
  return fixes.find((x) => x.preferred);
}

/** Apply fixes repeatedly (fixes can unlock others) until nothing changes. Updates the workspace. */
export function applyFixes(ws: Workspace, uris: string[], opts: { suggestions?: boolean; maxPasses?: number } = {}): FixResult {
  const original = new Map(uris.map((u) => [u, ws.getFile(u)?.text ?? '']));
  const only = new Set(uris);
  let applied = 0;
  const byRule = new Map<string, number>();
  for (let pass = 0; pass < (opts.maxPasses ?? 5); pass++) {
    const merged: FileEdits = new Map();
    const rules: string[] = [];
    for (const uri of ws.fileUris()) {
      if (!only.has(uri)) continue;
      const all = ws.findings(uri);
      for (const f of all) {
        const fix = chooseFix(findingFixes(ws, f, all), !!opts.suggestions);
        if (!fix || !editedTexts(ws, fix.edits)) continue;
        if ([...fix.edits.keys()].some((u) => !only.has(u))) continue;
        const clash = [...fix.edits].some(([u, list]) => list.some((e) => (merged.get(u) ?? []).some((m) => overlaps(e, m))));
        if (clash) continue;
        for (const [u, list] of fix.edits) merged.set(u, [...(merged.get(u) ?? []), ...list]);
        rules.push(f.rule);
      }
    }
    if (!rules.length) break;
    const texts = editedTexts(ws, merged);
    if (!texts) break;
    for (const [uri, text] of texts) ws.setFile(uri, text);
    applied += rules.length;
    for (const r of rules) byRule.set(r, (byRule.get(r) ?? 0) + 1);
  }
  let remaining = 0;
  for (const uri of uris) {
    const all = ws.findings(uri);
    for (const f of all) if (chooseFix(findingFixes(ws, f, all), !!opts.suggestions)) remaining++;
  }
  const changed = new Map<string, [string, string]>();
  for (const [uri, before] of original) {
    const after = ws.getFile(uri)?.text ?? before;
    if (after !== before) changed.set(uri, [before, after]);
  }
  return { changed, applied, byRule, remaining };
}
