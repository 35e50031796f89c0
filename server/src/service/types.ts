/**
 * Shared types of the analysis core. Positions follow the Language Server
 * Protocol: 0-based lines, UTF-16 code unit columns.
 */

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

/**
 * How far a quick fix can be trusted. `safe`: one possible edit, applied by `meshlint --fix`
 * and by an editor's auto-fix. `suggestion`: picks one of several targets or values (a Gateway,
 * a subset, new weights); offered in the editor and applied only by `--fix-suggestions`.
 */
export type FixKind = 'safe' | 'suggestion';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A location in a workspace file, as absolute UTF-16 offsets into its text. */
export interface Span {
  uri: string;
  start: number;
  end: number;
}

export interface RelatedInfo {
  uri: string;
  start: number;
  end: number;
  message: string;
}

/**
 * A finding's `data` when its rule does not declare the type (see defineRule<Data>): the input of
 * the rule's fixes, nothing more.
 */
export type FindingData = Record<string, unknown>;

/**
 * One finding of one rule. Offsets are absolute offsets into the file text;
 * `range` is filled in when the finding leaves the core (see Workspace.diagnostics).
 * `D` is the type of `data`, declared by the rule that reports it (see defineRule).
 */
export interface Finding<D = FindingData> {
  /**
   * Stable identity: rule, resource and path within it (see findings.ts). Set by the workspace
   * once a file's findings are complete; diagnostics carry it, and every surface asks for a
   * finding's fixes by it (actions/quickfix.ts fixesFor).
   */
  id?: string;
  rule: string;
  severity: Severity;
  message: string;
  uri: string;
  start: number;
  end: number;
  /**
   * The input of the rule's fixes (the resource's key, the route's index, the names involved),
   * typed by the rule (defineRule<Data>). Read by the rule's own `fix` only: never sent to
   * clients (diagnostics carry the finding's `id`, from which the fixes are computed again).
   */
  data?: D;
  related?: RelatedInfo[];
  /**
   * Set on a finding that a build's analysis made (see workspace/builds.ts): the build's id and
   * the finding as reported on the built objects, from which its fixes are computed and mapped
   * back to the sources. Never shown.
   */
  built?: {
    build: string;
    finding: Finding /** Holds in only some of the builds applying the file: no fix (it would change the others too). */;
    partial?: boolean;
  };
}

export interface Diagnostic extends Finding {
  id: string;
  range: Range;
}
