/** `meshlint --fix` / `--fix-dry-run`: apply the preferred quick fix of every finding, in place or as a unified diff. */
import { writeFileSync } from 'node:fs';
import { createTwoFilesPatch } from 'diff';
import { editedTexts, fixesFor, type FileEdits, type Workspace } from '../service/index';

export interface FixResult {
  /** uri → [original, fixed] for every changed file. */
  changed: Map<string, [string, string]>;
  applied: number;
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end || (a.start === b.start && a.end === a.start && b.end === b.start);
}

/** Apply preferred fixes repeatedly (fixes can unlock others) until nothing changes. Updates the workspace. */
export function applyPreferredFixes(ws: Workspace, uris: string[], maxPasses = 5): FixResult {
  const original = new Map(uris.map((u) => [u, ws.getFile(u)?.text ?? '']));
  let applied = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    const merged: FileEdits = new Map();
    let count = 0;
    for (const uri of ws.fileUris()) {
      const all = ws.findings(uri);
      for (const f of all) {
        const fix = fixesFor(ws, f, all).find((x) => x.preferred);
        if (!fix || !editedTexts(ws, fix.edits)) continue;
        const clash = [...fix.edits].some(([u, list]) => list.some((e) => (merged.get(u) ?? []).some((m) => overlaps(e, m))));
        if (clash) continue;
        for (const [u, list] of fix.edits) merged.set(u, [...(merged.get(u) ?? []), ...list]);
        count++;
      }
    }
    if (!count) break;
    const texts = editedTexts(ws, merged);
    if (!texts) break;
    for (const [uri, text] of texts) ws.setFile(uri, text);
    applied += count;
  }
  const changed = new Map<string, [string, string]>();
  for (const [uri, before] of original) {
    const after = ws.getFile(uri)?.text ?? before;
    if (after !== before) changed.set(uri, [before, after]);
  }
  return { changed, applied };
}

export function unifiedDiff(displayPath: string, before: string, after: string): string {
  return createTwoFilesPatch(`a/${displayPath}`, `b/${displayPath}`, before, after, '', '', { context: 3 });
}

export function writeChanged(changed: Map<string, [string, string]>, pathOf: (uri: string) => string | undefined): void {
  for (const [uri, [, after]] of changed) {
    const p = pathOf(uri);
    if (p) writeFileSync(p, after);
  }
}
