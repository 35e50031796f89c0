/**
 * The workspace index: every file's documents and resources, lookups across files,
 * and per-file analysis with dependency tracking.
 *
 * Incrementality: each resource "provides" keys (`svc:<fqdn>`, `dr:<fqdn>`, `gw:<ns>/<name>`, …);
 * while a file is analyzed, every lookup records the key it asked for. Replacing a file's
 * text re-derives only that file (and only its changed documents), then invalidates exactly
 * the files whose recorded lookups touch a key that a changed resource provides or provided.
 */
import type { Document } from 'yaml';
import { serviceFQDN, toFQDN, hostMatches, isWildcard } from './hosts';
import { extractResources, type Resource } from './model';
import {
  ChunkCache,
  findTemplateSyntax,
  normalizeWhitespace,
  parseDocuments,
  syntaxFindings,
  utf8Length,
  type YamlDoc,
} from './parse';
import { deepFlowAt, limitFindings, MAX_FLOW_SCAN_DEPTH } from './limits';
import type { Rule, RuleContext } from './rule';
import { DEFAULT_SETTINGS, type MeshSettings } from './settings';
import { applySuppressions } from './suppress';
import { LineIndex } from './text';
import type { Diagnostic, Finding } from './types';

export interface FileEntry {
  uri: string;
  /** The text as given (what edits apply to). */
  text: string;
  /** The text as analyzed (pasted whitespace replaced one for one; same offsets). */
  analysisText: string;
  lines: LineIndex;
  docs: YamlDoc[];
  resources: Resource[];
  /** Findings about the text itself (syntax, pasted whitespace, templates, size). */
  parseFindings: Finding[];
  /** False for YAML that holds no Kubernetes resource: such files are ignored quietly. */
  kubernetes: boolean;
  /** Why the file was not analyzed, if it was not. */
  skipped?: 'template' | 'too-large' | 'too-deep';
  cache?: ChunkCache;
}

export interface UpdateResult {
  /** Files whose findings may have changed (the updated file first). */
  affected: string[];
}

interface Analysis {
  findings: Finding[];
  deps: Set<string>;
}

const LOOKS_KUBERNETES = /^\s*(apiVersion|kind)\s*:/m;

export class Workspace {
  private files = new Map<string, FileEntry>();
  private providers = new Map<string, Resource[]>();
  private analyses = new Map<string, Analysis>();
  private dependents = new Map<string, Set<string>>();
  private docCache = new WeakMap<Document, { yd: YamlDoc; resources: Resource[] }>();
  private tracking: Set<string> | undefined;
  settings: MeshSettings;
  /** Time the rules may spend on one file: this many ms plus 2 ms per KB of text; past it the remaining rules are skipped with a finding. */
  ruleBudgetMs = 5000;

  constructor(
    private rules: Rule[],
    settings: MeshSettings = DEFAULT_SETTINGS,
  ) {
    this.settings = settings;
  }

  // ------------------------------------------------------------------ files

  setSettings(settings: MeshSettings): string[] {
    const sizeChanged = settings.maxFileSize !== this.settings.maxFileSize;
    this.settings = settings;
    if (sizeChanged) for (const f of [...this.files.values()]) this.setFile(f.uri, f.text);
    this.analyses.clear();
    this.dependents.clear();
    return [...this.files.keys()];
  }

  setFile(uri: string, text: string): UpdateResult {
    const old = this.files.get(uri);
    if (old && old.text === text) return { affected: [] };
    const entry = this.readFile(uri, text, old?.cache);
    const oldSet = new Set(old?.resources ?? []);
    const newSet = new Set(entry.resources);
    const changedKeys = new Set<string>();
    for (const r of oldSet) if (!newSet.has(r)) for (const k of providedKeys(r)) changedKeys.add(k);
    for (const r of newSet) if (!oldSet.has(r)) for (const k of providedKeys(r)) changedKeys.add(k);
    for (const r of old?.resources ?? []) if (!newSet.has(r)) this.unprovide(r);
    for (const r of entry.resources) if (!oldSet.has(r)) this.provide(r);
    this.files.set(uri, entry);
    return { affected: this.invalidate(uri, changedKeys) };
  }

  removeFile(uri: string): UpdateResult {
    const old = this.files.get(uri);
    if (!old) return { affected: [] };
    const changedKeys = new Set<string>();
    for (const r of old.resources) {
      for (const k of providedKeys(r)) changedKeys.add(k);
      this.unprovide(r);
    }
    this.files.delete(uri);
    const affected = this.invalidate(uri, changedKeys);
    this.dropAnalysis(uri);
    return { affected: affected.filter((u) => u !== uri).concat(uri) };
  }

  getFile(uri: string): FileEntry | undefined {
    return this.files.get(uri);
  }

  hasFile(uri: string): boolean {
    return this.files.has(uri);
  }

  fileUris(): string[] {
    return [...this.files.keys()];
  }

  allFiles(): IterableIterator<FileEntry> {
    return this.files.values();
  }

  *allResources(): IterableIterator<Resource> {
    for (const f of this.files.values()) yield* f.resources;
  }

  get ruleList(): readonly Rule[] {
    return this.rules;
  }

  private readFile(uri: string, text: string, previous?: ChunkCache): FileEntry {
    const entry: FileEntry = {
      uri,
      text,
      analysisText: text,
      lines: new LineIndex(text),
      docs: [],
      resources: [],
      parseFindings: [],
      kubernetes: false,
    };
    const size = text.length > this.settings.maxFileSize / 4 ? utf8Length(text) : text.length;
    if (size > this.settings.maxFileSize) {
      entry.skipped = 'too-large';
      entry.kubernetes = LOOKS_KUBERNETES.test(text.slice(0, 65536));
      entry.parseFindings.push({
        rule: 'file-too-large',
        severity: 'warning',
        uri,
        start: 0,
        end: 0,
        message: `File is ${(size / 1048576).toFixed(1)} MB, over the ${(this.settings.maxFileSize / 1048576).toFixed(1)} MB limit (setting maxFileSize); it was not analyzed.`,
        data: { size, limit: this.settings.maxFileSize },
      });
      return entry;
    }
    const tpl = findTemplateSyntax(text);
    if (tpl !== -1) {
      entry.skipped = 'template';
      entry.kubernetes = true;
      const close = text.indexOf('}}', tpl);
      entry.parseFindings.push({
        rule: 'helm-template',
        severity: 'info',
        uri,
        start: tpl,
        end: close + 2,
        message:
          'File contains Helm/Go template syntax ({{ ... }}): it is not YAML until rendered, so it was skipped. Lint the rendered output instead, e.g. `helm template . | meshlint -`.',
      });
      return entry;
    }
    const deep = deepFlowAt(text);
    if (deep !== -1) {
      entry.skipped = 'too-deep';
      entry.kubernetes = LOOKS_KUBERNETES.test(text.slice(0, 65536));
      entry.parseFindings.push({
        rule: 'analysis-limit',
        severity: 'warning',
        uri,
        start: deep,
        end: deep + 1,
        message: `Flow collections ([ ] and { }) nest more than ${MAX_FLOW_SCAN_DEPTH} levels deep here; the file was not parsed.`,
        data: { limit: 'depth', max: MAX_FLOW_SCAN_DEPTH },
      });
      return entry;
    }
    const norm = normalizeWhitespace(uri, text);
    entry.analysisText = norm.text;
    const parsed = parseDocuments(norm.text, previous);
    entry.cache = parsed.cache;
    const limits = limitFindings(uri, parsed.docs);
    for (const yd of parsed.docs) {
      if (limits.tooDeep.has(yd)) continue;
      const cached = this.docCache.get(yd.doc);
      if (cached) {
        cached.yd.base = yd.base;
        cached.yd.index = yd.index;
        entry.docs.push(cached.yd);
        entry.resources.push(...cached.resources);
      } else {
        const resources = extractResources(uri, yd);
        this.docCache.set(yd.doc, { yd, resources });
        entry.docs.push(yd);
        entry.resources.push(...resources);
      }
    }
    entry.kubernetes = entry.resources.length > 0;
    const syntax = syntaxFindings(uri, parsed.docs);
    if (entry.kubernetes || (syntax.length && LOOKS_KUBERNETES.test(norm.text))) {
      entry.kubernetes = true;
      entry.parseFindings.push(...norm.findings, ...syntax);
    }
    if (limits.findings.length && (entry.kubernetes || LOOKS_KUBERNETES.test(norm.text))) {
      entry.kubernetes = true;
      entry.parseFindings.push(...limits.findings);
    }
    return entry;
  }

  // ------------------------------------------------------------------ index

  private provide(r: Resource): void {
    for (const k of providedKeys(r)) {
      const list = this.providers.get(k);
      if (list) list.push(r);
      else this.providers.set(k, [r]);
    }
  }

  private unprovide(r: Resource): void {
    for (const k of providedKeys(r)) {
      const list = this.providers.get(k);
      if (!list) continue;
      const i = list.indexOf(r);
      if (i !== -1) list.splice(i, 1);
      if (!list.length) this.providers.delete(k);
    }
  }

  private invalidate(uri: string, changedKeys: Set<string>): string[] {
    const affected = new Set<string>([uri]);
    for (const k of changedKeys) {
      const deps = this.dependents.get(k);
      if (deps) for (const u of deps) affected.add(u);
    }
    for (const u of affected) this.dropAnalysis(u);
    return [...affected];
  }

  private dropAnalysis(uri: string): void {
    const a = this.analyses.get(uri);
    if (!a) return;
    for (const k of a.deps) {
      const set = this.dependents.get(k);
      if (set) {
        set.delete(uri);
        if (!set.size) this.dependents.delete(k);
      }
    }
    this.analyses.delete(uri);
  }

  /** Resources providing `key`; records the dependency when a file is being analyzed. */
  lookup(key: string): readonly Resource[] {
    this.tracking?.add(key);
    return this.providers.get(key) ?? EMPTY;
  }

  /** Services whose FQDN is `fqdn`. */
  servicesForHost(fqdn: string): readonly Resource[] {
    return this.lookup(`svc:${fqdn}`);
  }

  /** ServiceEntries with a host equal to, or a wildcard covering, `fqdn`. */
  serviceEntriesForHost(fqdn: string): Resource[] {
    const exact = this.lookup(`se:${fqdn}`);
    const wild = this.lookup('se:*');
    const out = [...exact];
    for (const r of wild) {
      if (out.includes(r)) continue;
      if (r.view?.type === 'ServiceEntry' && r.view.se.hosts.some((h) => isWildcard(h.value) && hostMatches(toFQDN(h.value, r.namespace), fqdn)))
        out.push(r);
    }
    return out;
  }

  /** DestinationRules whose host is `fqdn`, or a wildcard covering it. */
  destinationRulesForHost(fqdn: string): Resource[] {
    const out = [...this.lookup(`dr:${fqdn}`)];
    for (const r of this.lookup('dr:*')) {
      if (out.includes(r)) continue;
      if (r.view?.type === 'DestinationRule' && r.view.dr.host && hostMatches(toFQDN(r.view.dr.host.value, r.namespace), fqdn)) out.push(r);
    }
    return out;
  }

  /** VirtualServices that list `fqdn` among their hosts (exactly, after short-name resolution). */
  virtualServicesForHost(fqdn: string): readonly Resource[] {
    return this.lookup(`vs:${fqdn}`);
  }

  gateways(namespace: string, name: string): readonly Resource[] {
    return this.lookup(`gw:${namespace}/${name}`);
  }

  workloadsInNamespace(namespace: string): readonly Resource[] {
    return this.lookup(`wl:${namespace}`);
  }

  /** Workloads of a namespace whose pod labels carry every pair of `selector` (indexed by label pair). */
  workloadsMatching(namespace: string, selector: Record<string, string>): Resource[] {
    const pairs = Object.entries(selector);
    if (!pairs.length) return [...this.workloadsInNamespace(namespace)];
    let best: readonly Resource[] | undefined;
    for (const [k, v] of pairs) {
      const list = this.lookup(`wlsel:${namespace}|${k}=${v}`);
      if (!best || list.length < best.length) best = list;
      if (!list.length) break;
    }
    return (best ?? []).filter((w) => w.view?.type === 'Workload' && pairs.every(([k, v]) => w.view!.type === 'Workload' && (w.view as { wl: { podLabels: Record<string, string> } }).wl.podLabels[k] === v));
  }

  /** VirtualServices with a route destination whose host resolves to `fqdn`. */
  virtualServicesRoutingTo(fqdn: string): readonly Resource[] {
    return this.lookup(`vsdest:${fqdn}`);
  }

  /** VirtualServices whose hosts overlap `fqdn` (exact names, plus wildcard hosts that cover it or that it covers). */
  virtualServicesOverlapping(fqdn: string): Resource[] {
    const out = new Set<Resource>(this.lookup(`vs:${fqdn}`));
    for (const r of this.lookup('vs:*')) {
      if (r.view?.type === 'VirtualService' && r.view.vs.hosts.some((h) => hostMatches(toFQDN(h.value, r.namespace), fqdn) || hostMatches(fqdn, toFQDN(h.value, r.namespace)))) out.add(r);
    }
    if (isWildcard(fqdn)) for (const r of this.ofKind('VirtualService')) if (r.view?.type === 'VirtualService' && r.view.vs.hosts.some((h) => hostMatches(fqdn, toFQDN(h.value, r.namespace)))) out.add(r);
    return [...out];
  }

  /** Every resource of a kind (coarse dependency: any change to that kind re-analyzes the caller). */
  ofKind(kind: string, namespace?: string): readonly Resource[] {
    return this.lookup(namespace === undefined ? `kind:${kind}` : `kind:${kind}:${namespace}`);
  }

  /** Resources with the same kind, namespace and name. */
  byKey(kind: string, namespace: string, name: string): readonly Resource[] {
    return this.lookup(`res:${kind}/${namespace}/${name}`);
  }

  // ------------------------------------------------------------------ analysis

  /** Findings of one file (cached until a change invalidates them). Never throws. */
  findings(uri: string): Finding[] {
    const cached = this.analyses.get(uri);
    if (cached) return cached.findings;
    const file = this.files.get(uri);
    if (!file) return [];
    const deps = new Set<string>();
    const findings: Finding[] = [];
    const settings = this.settings;
    const push = (f: Finding) => {
      const override = settings.rules[f.rule];
      if (override === 'off') return;
      if (override) f.severity = override;
      findings.push(f);
    };
    if (file.kubernetes) for (const f of file.parseFindings) push({ ...f });
    if (!file.skipped && file.resources.length) {
      this.tracking = deps;
      const t0 = now();
      const budget = this.ruleBudgetMs + file.text.length / 512;
      let stopped: { rule: string; skipped: string[] } | undefined;
      try {
        for (const rule of this.rules) {
          if (!rule.check || settings.rules[rule.id] === 'off') continue;
          if (stopped) {
            stopped.skipped.push(rule.id);
            continue;
          }
          const ctx: RuleContext = {
            ws: this,
            settings,
            file,
            report: (r) => push({ ...r, rule: rule.id, severity: r.severity ?? rule.severity, uri: r.uri ?? uri }),
          };
          for (const res of file.resources) {
            if (rule.kinds && !rule.kinds.includes('*') && !rule.kinds.includes(res.kind)) continue;
            if (now() - t0 > budget) {
              stopped = { rule: rule.id, skipped: [] };
              break;
            }
            try {
              rule.check(res, ctx);
            } catch (e) {
              push({
                rule: 'internal-error',
                severity: 'error',
                uri,
                start: res.doc.base,
                end: res.doc.base,
                message: `Rule ${rule.id} failed on ${res.kind} ${res.name ?? ''}: ${(e as Error)?.message ?? e}`,
              });
            }
          }
        }
      } finally {
        this.tracking = undefined;
      }
      if (stopped) {
        const skipped = stopped.skipped.length ? `; rules not run: ${stopped.skipped.join(', ')}` : '';
        push({
          rule: 'analysis-limit',
          severity: 'warning',
          uri,
          start: 0,
          end: 0,
          message: `Analysis of this file stopped after its time budget of ${Math.round(budget)} ms, while rule ${stopped.rule} was running${skipped}. Findings of those rules may be missing.`,
          data: { limit: 'time', budgetMs: Math.round(budget), rule: stopped.rule, skipped: stopped.skipped },
        });
      }
    }
    const result = applySuppressions(file, findings, this.rules).sort((a, b) => a.start - b.start || a.end - b.end);
    this.analyses.set(uri, { findings: result, deps });
    for (const k of deps) {
      const set = this.dependents.get(k);
      if (set) set.add(uri);
      else this.dependents.set(k, new Set([uri]));
    }
    return result;
  }

  /** Findings with LSP ranges. */
  diagnostics(uri: string): Diagnostic[] {
    const file = this.files.get(uri);
    if (!file) return [];
    return this.findings(uri).map((f) => ({ ...f, range: file.lines.range(f.start, f.end) }));
  }
}

const EMPTY: readonly Resource[] = Object.freeze([]);

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** The lookup keys a resource answers. */
export function providedKeys(r: Resource): string[] {
  const keys = [`kind:${r.kind}`, `kind:${r.kind}:${r.namespace}`, `res:${r.key}`];
  // VirtualServices may bind to Kubernetes Gateway API gateways too.
  if (r.kind === 'Gateway' && r.group === 'gateway.networking.k8s.io' && r.name) keys.push(`gw:${r.namespace}/${r.name}`);
  const v = r.view;
  if (!v) return keys;
  switch (v.type) {
    case 'Service':
      if (r.name) keys.push(`svc:${serviceFQDN(r.name, r.namespace)}`);
      break;
    case 'ServiceEntry':
      for (const h of v.se.hosts) keys.push(isWildcard(h.value) ? 'se:*' : `se:${toFQDN(h.value, r.namespace)}`);
      break;
    case 'DestinationRule':
      if (v.dr.host) keys.push(isWildcard(v.dr.host.value) ? 'dr:*' : `dr:${toFQDN(v.dr.host.value, r.namespace)}`);
      break;
    case 'Gateway':
      if (r.name) keys.push(`gw:${r.namespace}/${r.name}`);
      break;
    case 'Workload':
      keys.push(`wl:${r.namespace}`);
      for (const [k, val] of Object.entries(v.wl.podLabels)) keys.push(`wlsel:${r.namespace}|${k}=${val}`);
      break;
    case 'VirtualService': {
      for (const h of v.vs.hosts) keys.push(isWildcard(h.value) ? 'vs:*' : `vs:${toFQDN(h.value, r.namespace)}`);
      const dests = new Set<string>();
      for (const route of [...v.vs.http, ...v.vs.tcp, ...v.vs.tls]) for (const d of route.destinations) if (d.host) dests.add(`vsdest:${toFQDN(d.host.value, r.namespace)}`);
      keys.push(...dests);
      break;
    }
  }
  return keys;
}
