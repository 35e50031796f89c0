/**
 * Running the rules on one file: the parse-level rules on the file as read (`checkFile`), then
 * every rule on each resource (`check`), within a time budget; severity settings and
 * suppressions applied. The rules come from the registry passed to the Workspace.
 */

import { identifyFindings } from '../findings';
import type { FileEntry, Lookup } from '../lookup';
import type { Resource } from '../model';
import type { Report, Rule, RuleContext } from '../rule';
import type { MeshSettings } from '../settings';
import { applySuppressions } from '../suppress';
import type { Finding, FindingData, Severity } from '../types';

export interface Analysis {
  findings: Finding[];
  deps: Set<string>;
  /** Rules that looked anything up in the index while checking this file (their findings depend on other files). */
  linked: Set<string>;
}

/** What the runner needs from the workspace. */
export interface RunnerHost {
  ws: Lookup;
  settings: MeshSettings;
  rules: readonly Rule[];
  /** Time the rules may spend on one file: this many ms plus 2 ms per KB of text. */
  ruleBudgetMs: number;
  /** Record the keys looked up from now on into `deps` (undefined: stop recording). */
  track(deps: Set<string> | undefined): void;
  /** Lookups made so far. */
  lookupCount(): number;
  /** A finding as reported about `res`, with the caveat on assumed namespaces when it applies. */
  caveat(res: Resource | undefined, f: Finding): Finding;
  /** A rule starts checking one resource (what it looks up from now on is what its findings depend on). */
  checkStarted(): void;
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * Findings of one file. Never throws: a failing rule is reported as `internal-error`.
 * `resources: false` runs only the rules on the text (`checkFile`): a file whose objects a build
 * applies has its resources checked as built (see builds.ts), and a file no build applies has
 * no resources to check.
 */
export function analyzeFile(file: FileEntry, host: RunnerHost, options: { resources?: boolean | ((res: Resource) => boolean) } = {}): Analysis {
  const { settings, rules } = host;
  const uri = file.uri;
  const deps = new Set<string>();
  const linked = new Set<string>();
  const findings: Finding[] = [];
  const push = (f: Finding) => {
    const override = settings.rules[f.rule];
    if (override === 'off') return;
    if (override) f.severity = override;
    findings.push(f);
  };
  // The runner's own findings (a failing rule, the time budget) take the severity of their rule.
  const severityOf = (id: string, fallback: Severity) => rules.find((r) => r.id === id)?.severity ?? fallback;
  let current: Resource | undefined;
  // Findings keep the key order they always had (it shows in JSON output): a resource rule's
  // report first, a file rule's id, severity and file first.
  const contextFor = (rule: Rule, fileLevel: boolean): RuleContext<unknown> => ({
    ws: host.ws,
    settings,
    file,
    report: (r) => {
      const report = r as Report<FindingData>;
      if (fileLevel) {
        const { severity, uri: at, ...rest } = report;
        push({ rule: rule.id, severity: severity ?? rule.severity, uri: at ?? uri, ...rest });
      } else push(host.caveat(current, { ...report, rule: rule.id, severity: report.severity ?? rule.severity, uri: report.uri ?? current?.uri ?? uri }));
    },
  });
  if (file.kubernetes) {
    for (const rule of rules) {
      if (!rule.checkFile || settings.rules[rule.id] === 'off') continue;
      try {
        rule.checkFile(file, contextFor(rule, true));
      } catch (e) {
        push({
          rule: 'internal-error',
          severity: severityOf('internal-error', 'error'),
          uri,
          start: 0,
          end: 0,
          message: `Rule ${rule.id} failed on the file: ${(e as Error)?.message ?? e}`,
        });
      }
    }
  }
  const checked = typeof options.resources === 'function' ? file.resources.filter(options.resources) : options.resources === false ? [] : file.resources;
  if (!file.skipped && checked.length) {
    host.track(deps);
    const t0 = now();
    const budget = host.ruleBudgetMs + file.text.length / 512;
    let stopped: { rule: string; skipped: string[] } | undefined;
    try {
      for (const rule of rules) {
        if (!rule.check || settings.rules[rule.id] === 'off') continue;
        if (stopped) {
          stopped.skipped.push(rule.id);
          continue;
        }
        const ctx = contextFor(rule, false);
        const lookupsBefore = host.lookupCount();
        for (const res of checked) {
          if (rule.kinds && !rule.kinds.includes('*') && !rule.kinds.includes(res.kind)) continue;
          if (now() - t0 > budget) {
            stopped = { rule: rule.id, skipped: [] };
            break;
          }
          current = res;
          host.checkStarted();
          try {
            rule.check(res, ctx);
          } catch (e) {
            push({
              rule: 'internal-error',
              severity: severityOf('internal-error', 'error'),
              uri,
              start: res.doc.base,
              end: res.doc.base,
              message: `Rule ${rule.id} failed on ${res.kind} ${res.name ?? ''}: ${(e as Error)?.message ?? e}`,
            });
          }
        }
        if (host.lookupCount() !== lookupsBefore) linked.add(rule.id);
      }
    } finally {
      host.track(undefined);
    }
    if (stopped) {
      const skipped = stopped.skipped.length ? `; rules not run: ${stopped.skipped.join(', ')}` : '';
      push({
        rule: 'analysis-limit',
        severity: severityOf('analysis-limit', 'warning'),
        uri,
        start: 0,
        end: 0,
        message: `Analysis of this file stopped after its time budget of ${Math.round(budget)} ms, while rule ${stopped.rule} was running${skipped}. Findings of those rules may be missing.`,
        data: { limit: 'time', budgetMs: Math.round(budget), rule: stopped.rule, skipped: stopped.skipped },
      });
    }
  }
  const result = applySuppressions(file, findings, rules).sort((a, b) => a.start - b.start || a.end - b.end);
  identifyFindings(file, result);
  return { findings: result, deps, linked };
}
