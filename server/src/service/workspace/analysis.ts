/**
 * Running the rules on one file: the parse-level rules on the file as read (`checkFile`), then
 * every rule on each resource (`check`), within a time budget; severity settings and
 * suppressions applied. The rules come from the registry passed to the Workspace.
 */

import type { FileEntry, Lookup } from '../lookup';
import type { Resource } from '../model';
import type { YamlDoc } from '../parse';
import type { Report, Rule, RuleContext } from '../rule';
import type { MeshSettings } from '../settings';
import { applySuppressions } from '../suppress';
import type { Finding, FindingData, Severity } from '../types';

export interface Analysis {
  findings: Finding[];
  deps: Set<string>;
  /** Rules that looked anything up in the index while checking this file (their findings depend on other files). */
  linked: Set<string>;
  /** What the rules found on each resource, for the next analysis of the file to reuse (when it was given a cache). */
  perResource?: Map<Resource, ResourceResult>;
}

/**
 * What the rules found on one resource: reused by the next analysis of its file while the
 * resource is the same object (its document's text and namespace context are unchanged), no key
 * it looked up changed since, and the documents its findings point at are where they were.
 */
export interface ResourceResult {
  /** Findings by the index of the rule that reported them (only rules that reported; none: undefined). */
  byRule?: Map<number, Finding[]>;
  /** Keys looked up while checking it. */
  deps: readonly string[];
  /** Rules that looked anything up while checking it. */
  linked: readonly string[];
  /** Documents its findings may locate or name (its own, and those of what its lookups returned), with their place then. */
  anchors: readonly Anchor[];
  /** The workspace's change counter when it was computed. */
  clock: number;
}

interface Anchor {
  uri: string;
  yd: YamlDoc;
  base: number;
  line: number;
}

/** A resource's result while its checks run. */
interface Checking {
  byRule: Map<number, Finding[]>;
  deps: Set<string>;
  linked: Set<string>;
  anchors: Anchor[];
}

const NONE: readonly never[] = [];

/** The result as kept: arrays rather than sets, nothing for what is empty (thousands are kept per file). */
function keep(c: Checking, clock: number): ResourceResult {
  return {
    ...(c.byRule.size ? { byRule: c.byRule } : {}),
    deps: c.deps.size ? [...c.deps] : NONE,
    linked: c.linked.size ? [...c.linked] : NONE,
    anchors: c.anchors.length ? c.anchors : NONE,
    clock,
  };
}

/** The workspace's side of reusing per-resource results. */
export interface ResourceCacheHost {
  /** The results of the file's previous analysis. */
  previous: Map<Resource, ResourceResult> | undefined;
  /** The change counter now. */
  clock: number;
  /** The change counter when `key` last changed (0: never). */
  changedAt(key: string): number;
}

/** Key recorded by a check that read the whole workspace (untracked): its result is never reused. */
export const UNTRACKED = '*';

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
  /** What the lookups of the check in progress returned. */
  returnedLists?(): readonly (readonly Resource[])[];
  /** Reuse per-resource results of the previous analysis (files of the workspace, not builds). */
  cache?: ResourceCacheHost;
}

const EMPTY: readonly Resource[] = [];

/** The resources a rule checks, in file order. */
function resourcesFor(rule: Rule, checked: readonly Resource[], byKind: Map<string, Resource[]>): readonly Resource[] {
  const kinds = rule.kinds;
  if (!kinds || kinds.includes('*')) return checked;
  if (kinds.length === 1) return byKind.get(kinds[0]) ?? EMPTY;
  let only: Resource[] | undefined;
  let lists = 0;
  for (const k of kinds) {
    const l = byKind.get(k);
    if (!l) continue;
    lists++;
    only = l;
  }
  if (!lists) return EMPTY;
  return lists === 1 && only ? only : checked.filter((r) => kinds.includes(r.kind));
}

/** True when a previous result still holds: no key it looked up changed, and its documents have not moved. */
function stillHolds(r: ResourceResult, ws: Lookup, cache: ResourceCacheHost): boolean {
  for (const k of r.deps) if (k === UNTRACKED || cache.changedAt(k) > r.clock) return false;
  for (const a of r.anchors) if (a.yd.base !== a.base || ws.getFile(a.uri)?.lines.positionAt(a.base).line !== a.line) return false;
  return true;
}

/** More documents than this behind one resource's findings: its result is not kept. */
const MAX_ANCHORS = 64;

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
  /** Where the findings of the check in progress are also kept (per-resource results). */
  let sink: Finding[] | undefined;
  const push = (f: Finding) => {
    const override = settings.rules[f.rule];
    if (override === 'off') return;
    if (override) f.severity = override;
    findings.push(f);
    sink?.push(f);
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
  let perResource: Map<Resource, ResourceResult> | undefined;
  if (!file.skipped && checked.length) {
    const cache = host.cache;
    // Results of the previous analysis that still hold; the others are computed again.
    const reused = new Map<Resource, ResourceResult>();
    if (cache?.previous)
      for (const res of checked) {
        const r = cache.previous.get(res);
        if (r && stillHolds(r, host.ws, cache)) reused.set(res, r);
      }
    // The rules go over the resources to check and those with findings to reuse (in file order, for the order of findings).
    let active = checked;
    if (reused.size) {
      active = [];
      for (const res of checked) {
        const r = reused.get(res);
        if (r) for (const id of r.linked) linked.add(id);
        if (!r || r.byRule) active.push(res);
      }
    }
    const byKind = new Map<string, Resource[]>();
    for (const res of active) {
      const list = byKind.get(res.kind);
      if (list) list.push(res);
      else byKind.set(res.kind, [res]);
    }
    const computed = new Map<Resource, Checking>();
    const t0 = now();
    let checks = 0;
    const budget = host.ruleBudgetMs + file.text.length / 512;
    let stopped: { rule: string; skipped: string[] } | undefined;
    try {
      for (let ri = 0; ri < rules.length; ri++) {
        const rule = rules[ri];
        if (!rule.check || settings.rules[rule.id] === 'off') continue;
        if (stopped) {
          stopped.skipped.push(rule.id);
          continue;
        }
        const ctx = contextFor(rule, false);
        for (const res of resourcesFor(rule, active, byKind)) {
          const before = reused.get(res);
          if (before) {
            const list = before.byRule?.get(ri);
            if (list) for (const f of list) findings.push(f);
            continue;
          }
          // The clock is read every few checks: a check takes microseconds, the budget seconds.
          if ((++checks & 15) === 0 && now() - t0 > budget) {
            stopped = { rule: rule.id, skipped: [] };
            break;
          }
          let result = computed.get(res);
          if (!result) computed.set(res, (result = { byRule: new Map(), deps: new Set(), linked: new Set(), anchors: [] }));
          const own: Finding[] = [];
          sink = own;
          current = res;
          host.track(result.deps);
          host.checkStarted();
          const lookupsBefore = host.lookupCount();
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
          sink = undefined;
          if (host.lookupCount() !== lookupsBefore) {
            result.linked.add(rule.id);
            linked.add(rule.id);
          }
          if (own.length) {
            result.byRule.set(ri, own);
            // Findings locate and name the resource and what its lookups found: those documents must stay where they are.
            if (cache && !result.deps.has(UNTRACKED)) {
              anchor(result, res, host.ws);
              for (const list of host.returnedLists?.() ?? []) for (const r of list) anchor(result, r, host.ws);
              if (result.anchors.length > MAX_ANCHORS) {
                result.anchors = [];
                result.deps.add(UNTRACKED);
              }
            }
          }
        }
      }
    } finally {
      sink = undefined;
      host.track(undefined);
    }
    for (const r of reused.values()) for (const k of r.deps) deps.add(k);
    for (const r of computed.values()) for (const k of r.deps) deps.add(k);
    if (cache && !stopped) {
      perResource = new Map(reused);
      for (const [res, c] of computed) perResource.set(res, keep(c, cache.clock));
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
  return { findings: result, deps, linked, perResource };
}

function anchor(result: Checking, res: Resource, ws: Lookup): void {
  const yd = res.doc;
  if (result.anchors.length > MAX_ANCHORS || result.anchors.some((a) => a.yd === yd)) return;
  const line = ws.getFile(res.uri)?.lines.positionAt(yd.base).line;
  if (line === undefined) result.anchors.length = MAX_ANCHORS + 1;
  else result.anchors.push({ uri: res.uri, yd, base: yd.base, line });
}
