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
import { buildFileUri, isBuildUri, mapEdit } from '../workspace/builds';

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
  if (f.built) return f.built.partial ? [] : builtFixes(ws, f.built.build, f.built.finding);
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

/** The finding of `uri` with this id (see findings.ts), if the file still has it. */
export function findingById(ws: Workspace, uri: string, id: string): Finding | undefined {
  return ws.findings(uri).find((f) => f.id === id);
}

/** The quick fixes for the finding of `uri` with this id: how the editor, the CLI and the playground ask for them. */
export function fixesFor(ws: Workspace, uri: string, id: string): Fix[] {
  const f = findingById(ws, uri, id);
  return f ? findingFixes(ws, f, ws.findings(uri)) : [];
}

/** The quick fixes for one finding (`all`: every finding of the file, for whole-file variants). */
export function findingFixes(ws: Workspace, f: Finding, all: Finding[] = [f]): Fix[] {
  const out: Fix[] = [];
  for (const x of ruleFixes(ws, f, all))
    if (x.disabled === undefined) out.push({ title: x.title, kind: x.kind, preferred: x.preferred, edits: x.edits, finding: f });
  return out;
}

/**
 * The fixes of a finding a build made: computed on the built objects, then moved to the source
 * files. A fix with an edit that has no exact place in the sources is left out (see mapEdit).
 */
function builtFixes(ws: Workspace, buildId: string, f: Finding): RuleFix[] {
  const bf = ws.builtFile(buildId);
  if (!bf) return [];
  const source = (u: string) => (isBuildUri(u) ? undefined : ws.getFile(u));
  const out: RuleFix[] = [];
  for (const fix of ruleFixes(ws, f, [f])) {
    const edits: FileEdits = new Map();
    let exact = true;
    for (const [uri, list] of fix.edits) {
      for (const e of list) {
        const at = isBuildUri(uri) ? (buildFileUri(uri) === bf.uri ? mapEdit(bf, e.start, e.end, source) : undefined) : { uri, start: e.start, end: e.end };
        if (!at) {
          exact = false;
          break;
        }
        const l = edits.get(at.uri);
        const edit = { ...e, start: at.start, end: at.end };
        if (l) l.push(edit);
        else edits.set(at.uri, [edit]);
      }
      if (!exact) break;
    }
    if (exact) out.push({ ...fix, edits });
  }
  return out;
}
