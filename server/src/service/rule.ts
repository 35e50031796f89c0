/** The rule contract. Each rule lives in its own file under `rules/`, with a docs page under `docs/rules/<id>.md`. */
import type { Resource } from './model';
import type { MeshSettings } from './settings';
import type { Finding, FixKind, Severity } from './types';
import type { FileEntry, Workspace } from './workspace';

export type Report = Omit<Finding, 'rule' | 'severity' | 'uri'> & { severity?: Severity; uri?: string };

export interface RuleContext {
  /** Workspace lookups; every lookup is recorded so the index knows what this file's findings depend on. */
  ws: Workspace;
  settings: MeshSettings;
  file: FileEntry;
  report(finding: Report): void;
}

export interface Rule {
  /** Stable id, kebab-case. */
  id: string;
  /** Default severity (a finding may state its own, e.g. escalated when a route depends on it). */
  severity: Severity;
  /** One line: what the rule finds. */
  title: string;
  /** Upstream codes this rule corresponds to (istioctl analyze IST…, Kiali KIA…). */
  upstream?: string[];
  /**
   * Where the finding comes from: `parse` rules are reported while reading the text
   * (they are listed for their docs and severity settings), `resource` rules run per resource.
   */
  source?: 'parse' | 'resource';
  /** Resource kinds the rule checks; `*` for every resource. */
  kinds?: string[];
  check?(res: Resource, ctx: RuleContext): void;
  /** The quick fixes the rule offers, each with its kind (docs/rules/<id>.md names them the same way). */
  fixes?: { kind: FixKind; title: string }[];
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
