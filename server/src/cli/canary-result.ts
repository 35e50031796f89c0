/** The end of every `meshlint canary` step: check the edits, then print a diff or write the files. */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { displayName, editedTexts, type Resource, type StepResult, type Workspace } from '../service/index';
import { unifiedDiff, writeChanged } from './fix';
import { printable } from './format';
import { outsideRoots } from './guard';
import type { CliIO } from './io';

/**
 * Report a step's result on `res`: exit code 0 applied (or already in place), 1 not applicable.
 * `roots`: the real paths of the inputs; a step that would change a file outside them (reached
 * through a symbolic link) is refused as a whole.
 */
export function finishStep(ws: Workspace, res: Resource, result: StepResult, dryRun: boolean | undefined, io: CliIO, roots: string[]): number {
  if ('error' in result) {
    io.stderr(`meshlint canary: ${result.error}\n`);
    return 1;
  }
  if (!result.changed) {
    io.stdout(`${result.title}: already in place, nothing to change.\n`);
    return 0;
  }
  const texts = editedTexts(ws, result.edits);
  if (!texts) {
    io.stderr('meshlint canary: the edit would break the YAML of a file or drop a comment; nothing was written\n');
    return 1;
  }
  const changed = new Map<string, [string, string]>();
  for (const [uri, after] of texts) changed.set(uri, [ws.getFile(uri)!.text, after]);
  const shown = (uri: string) => relative(io.cwd, fileURLToPath(uri));
  for (const uri of changed.keys()) {
    const why = outsideRoots(fileURLToPath(uri), roots, (p) => relative(io.cwd, p) || p);
    if (why) {
      io.stderr(`meshlint canary: ${printable(`${result.title}: not applied: it changes ${shown(uri)}, and ${why}`)}; nothing was written\n`);
      return 1;
    }
  }
  if (dryRun) {
    for (const [uri, [before, after]] of changed) io.stdout(unifiedDiff(shown(uri), before, after).replace(/\n?$/, '\n'));
    return 0;
  }
  writeChanged(changed, (u) => fileURLToPath(u));
  io.stdout(`${result.title} (${displayName(res)}; ${[...changed.keys()].map(shown).join(', ')})\n`);
  return 0;
}
