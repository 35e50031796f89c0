/**
 * Quick fixes, attached to the findings they fix. Each rule offers its own (`Rule.fix`, in the
 * rule's file); this only looks the rule up and gathers them. A rule's fixes return minimal
 * edits; the safest is preferred.
 */
import type { FileEdits } from '../edits/edits';
import { resourceByKey } from '../query/resources';
import type { RuleFix } from '../rule';
import type { Finding, FixKind } from '../types';
import type { Workspace } from '../workspace';

export interface Fix {
  title: string;
  /** `safe`: `--fix` and auto-fix apply it; `suggestion`: offered, applied only by `--fix-suggestions`. */
  kind: FixKind;
  preferred: boolean;
  edits: FileEdits;
  finding: Finding;
}

/** Every fix the finding's rule offers, disabled ones included (the editor shows those, greyed out, with their reason). */
export function ruleFixes(ws: Workspace, f: Finding, all: Finding[] = [f]): RuleFix[] {
  const rule = ws.rule(f.rule);
  if (!rule?.fix) return [];
  const file = ws.getFile(f.uri);
  try {
    return rule.fix(f, {
      ws,
      resource: (key) => (file ? resourceByKey(file, key, f.start) : undefined),
      findings: all.filter((x) => x.rule === f.rule && x.uri === f.uri),
    });
  } catch {
    return [];
  }
}

/** The quick fixes for one finding (`all`: every finding of the file, for whole-file variants). */
export function fixesFor(ws: Workspace, f: Finding, all: Finding[] = [f]): Fix[] {
  const out: Fix[] = [];
  for (const x of ruleFixes(ws, f, all))
    if (x.disabled === undefined) out.push({ title: x.title, kind: x.kind, preferred: x.preferred, edits: x.edits, finding: f });
  return out;
}
