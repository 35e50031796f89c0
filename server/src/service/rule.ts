/**
 * The rule contract. Each rule lives in its own file under `rules/` (with a docs page under
 * `docs/rules/<id>.md` and a fixture under `test/rules/`) and holds everything about itself:
 * its metadata, its check, and its quick fixes. The registry is generated from the folder.
 *
 * ```ts
 * interface Data { resource: string; gateway: string }
 * export default defineRule<Data>({
 *   id: 'unknown-gateway', severity: 'error', category: 'links', title: '…',
 *   fixes: [{ kind: 'suggestion', title: 'Change the reference to a close Gateway' }],
 *   check(res, ctx) { ctx.report({ start, end, message, data: { resource: res.key, gateway } }); },
 *   fix(f, ctx) { const res = ctx.resource(f.data?.resource); … return [{ title, kind: 'suggestion', preferred: true, edits }]; },
 * });
 * ```
 * Types only (and defineRule): this module imports nothing that imports it back.
 */
import type { FileEdits } from './edits/edits';
import type { FileEntry, Lookup } from './lookup';
import type { Resource } from './model';
import type { MeshSettings } from './settings';
import type { Finding, FindingData, FixKind, Severity } from './types';

/** What a rule reports: a finding without the fields the runner fills in (rule id, default severity, file). */
export type Report<D = FindingData> = Omit<Finding<D>, 'id' | 'rule' | 'severity' | 'uri'> & { severity?: Severity; uri?: string };

export interface RuleContext<D = FindingData> {
  /** Workspace lookups; every lookup is recorded so the index knows what this file's findings depend on. */
  ws: Lookup;
  settings: MeshSettings;
  file: FileEntry;
  report(finding: Report<D>): void;
}

/** Where a rule belongs, for docs and listings. */
export type RuleCategory = 'parse' | 'schema' | 'structure' | 'traffic' | 'links' | 'workspace' | 'gateway-api';

/** A quick fix a rule offers, as its docs page names it. */
export interface FixDescription {
  kind: FixKind;
  title: string;
}

/** One quick fix for one finding: minimal edits to the files' original texts. */
export interface RuleFix {
  title: string;
  /** `safe`: `--fix` and auto-fix apply it; `suggestion`: offered, applied only by `--fix-suggestions`. */
  kind: FixKind;
  /** The fix to pick among several (editors apply preferred safe fixes automatically). */
  preferred: boolean;
  edits: FileEdits;
  /** Why the fix cannot apply (e.g. a controller owns the weights): offered as a disabled action, never applied. */
  disabled?: string;
}

export interface FixContext<D = FindingData> {
  ws: Lookup;
  /** The resource of the finding's file with this key (the one containing the finding, if several). */
  resource(key: string | undefined): Resource | undefined;
  /** Every finding of the same rule in the finding's file (for whole-file variants of a fix). */
  findings: Finding<D>[];
}

/** A rule; `D` is the type of the `data` its findings carry (and its fixes read). */
export interface Rule<D = unknown> {
  /** Stable id, kebab-case (the file name). */
  id: string;
  /** Default severity (a finding may state its own, e.g. escalated when a route depends on it). */
  severity: Severity;
  category: RuleCategory;
  /** One line: what the rule finds. */
  title: string;
  /** Upstream codes this rule corresponds to (istioctl analyze IST…, Kiali KIA…). */
  upstream?: string[];
  /**
   * The rule's findings follow links that depend on a resource's namespace: on a resource that
   * sets no namespace (assumed `default`) in a workspace that names others, an error becomes a
   * warning that states the assumption.
   */
  namespaceLinks?: boolean;
  /** Resource kinds `check` looks at; `*` for every resource. */
  kinds?: string[];
  /** Check one resource of the file being analyzed. */
  check?(res: Resource, ctx: RuleContext<D>): void;
  /** Check the file as read (its text, documents and the facts found while reading it); runs before `check`. */
  checkFile?(file: FileEntry, ctx: RuleContext<D>): void;
  /** The quick fixes the rule offers, each with its kind (docs/rules/<id>.md names them the same way). */
  fixes?: FixDescription[];
  /** The quick fixes for one of the rule's findings (none when it cannot be fixed safely). */
  fix?(finding: Finding<D>, ctx: FixContext<D>): RuleFix[];
}

/** Declare a rule; give the type of its findings' `data` when its fixes read it: `defineRule<MyData>({...})`. */
export function defineRule<D = FindingData>(rule: Rule<D>): Rule<D> {
  return rule;
}
