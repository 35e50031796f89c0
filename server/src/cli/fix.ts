/**
 * `meshlint --fix` / `--fix-suggestions` / `--fix-dry-run`: apply one quick fix per finding,
 * in place or as a unified diff. Plain `--fix` applies only safe fixes (one possible edit);
 * `--fix-suggestions` applies the preferred suggestion too (the one the finding's message names).
 */
import { writeFileSync } from 'node:fs';
import { createTwoFilesPatch } from 'diff';
import { encode } from '../node/decode';
import { applyFixes, type FixResult, type Workspace } from '../service/index';
import { encodings } from './files';

export { applyFixes, chooseFix, type FixResult } from '../service/index';

/** Kept for callers of the earlier name: plain `--fix` (safe fixes only). */
export function applyPreferredFixes(ws: Workspace, uris: string[], maxPasses = 5): FixResult {
  return applyFixes(ws, uris, { maxPasses });
}

export function unifiedDiff(displayPath: string, before: string, after: string): string {
  return createTwoFilesPatch(`a/${displayPath}`, `b/${displayPath}`, before, after, '', '', { context: 3 });
}

/** Write fixed texts back, in the encoding each file was read in. */
export function writeChanged(changed: Map<string, [string, string]>, pathOf: (uri: string) => string | undefined): void {
  for (const [uri, [, after]] of changed) {
    const p = pathOf(uri);
    if (!p) continue;
    const enc = encodings.get(p);
    writeFileSync(p, enc ? encode(after, enc) : after);
  }
}
