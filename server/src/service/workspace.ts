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
import { displayName, extractResources, type Resource } from './model';
import {
  ChunkCache,
  normalizeWhitespace,
  parseDocuments,
  syntaxFindings,
  utf8Length,
  type YamlDoc,
} from './parse';
import { deepFlowAt, limitFindings, MAX_FLOW_SCAN_DEPTH } from './limits';
import type { Rule, RuleContext } from './rule';
import { actionInStructure, firstTemplateMarker, hasTemplateAction, inChartTemplates } from './templates';
import { DEFAULT_SETTINGS, type MeshSettings } from './settings';
import { buildKustomizeIndex, isKustomizationUri, KUSTOMIZATION_NAMES, readKustomization, resolveEntry, type Kustomization, type KustomizeIndex } from './kustomize';
import { computeApplyUnits, shareUnit, sharedUnitKind } from './applyunits';
import { baseName } from './links';
import { applySuppressions } from './suppress';
import { LineIndex, humanSize } from './text';
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
  /** Set when the file is a kustomization. */
  kustomization?: Kustomization;
  /** Set when a kustomization names the file as a patch: a fragment, not whole objects. */
  fragment?: boolean;
}

export interface UpdateResult {
  /** Files whose findings may have changed (the updated file first). */
  affected: string[];
}

interface Analysis {
  findings: Finding[];
  deps: Set<string>;
  /** Rules that looked anything up in the index while checking this file (their findings depend on other files). */
  linked: Set<string>;
}

const LOOKS_KUBERNETES = /^\s*(apiVersion|kind)\s*:/m;
const EMPTY_SET: ReadonlySet<string> = new Set();

export class Workspace {
  private files = new Map<string, FileEntry>();
  private providers = new Map<string, Resource[]>();
  private analyses = new Map<string, Analysis>();
  private dependents = new Map<string, Set<string>>();
  private docCache = new WeakMap<Document, { yd: YamlDoc; resources: Resource[]; ns: string }>();
  private kz: KustomizeIndex | undefined;
  /** URIs kustomizations name (files, and candidate kustomizations of named folders). */
  private kzReferenced = new Set<string>();
  private units: Map<string, string[]> | undefined;
  /** Workspace folder URIs, for workspace-relative paths in messages. */
  roots: string[] = [];
  private tracking: Set<string> | undefined;
  private lookups = 0;
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
    const sizeChanged = settings.maxFileSize !== this.settings.maxFileSize || settings.defaultNamespace !== this.settings.defaultNamespace;
    this.settings = settings;
    if (sizeChanged) for (const f of [...this.files.values()]) this.setFile(f.uri, f.text);
    this.analyses.clear();
    this.dependents.clear();
    return [...this.files.keys()];
  }

  setFile(uri: string, text: string): UpdateResult {
    const old = this.files.get(uri);
    if (old && old.text === text) return { affected: [] };
    const result = this.replaceFile(uri, text, old);
    if (isKustomizationUri(uri) || (!old && this.kzReferenced.has(uri))) result.affected.push(...this.syncKustomize().filter((u) => !result.affected.includes(u)));
    return result;
  }

  private replaceFile(uri: string, text: string, old: FileEntry | undefined): UpdateResult {
    const entry = this.readFile(uri, text, old?.cache);
    const oldSet = new Set(old?.resources ?? []);
    const newSet = new Set(entry.resources);
    const changedKeys = new Set<string>();
    for (const r of oldSet) if (!newSet.has(r)) for (const k of providedKeys(r)) changedKeys.add(k);
    for (const r of newSet) if (!oldSet.has(r)) for (const k of providedKeys(r)) changedKeys.add(k);
    for (const r of old?.resources ?? []) if (!newSet.has(r)) this.unprovide(r);
    for (const r of entry.resources) if (!oldSet.has(r)) this.provide(r);
    this.files.set(uri, entry);
    // Apply units and the set of named namespaces depend only on which objects each file holds.
    const identity = (list: readonly Resource[]) => list.map((r) => `${r.key}|${r.explicitNamespace ? 1 : 0}`).join('\n');
    if (!old || (changedKeys.size && identity(old.resources) !== identity(entry.resources))) {
      changedKeys.add('units');
      this.units = undefined;
      this.explicitNamespaces = undefined;
    }
    return { affected: this.invalidate(uri, changedKeys) };
  }

  /** Rebuild the Kustomize index; re-read files whose namespace or fragment status changed. */
  private syncKustomize(): string[] {
    const ks: Kustomization[] = [];
    for (const f of this.files.values()) if (f.kustomization) ks.push(f.kustomization);
    const before = this.kz;
    this.kz = ks.length ? buildKustomizeIndex(ks, (u) => this.files.has(u)) : undefined;
    this.kzReferenced = new Set();
    for (const k of ks) {
      for (const e of [...k.resources, ...k.patches]) {
        const u = resolveEntry(k.dir, e);
        if (!u) continue;
        const file = u.replace(/\/$/, '');
        this.kzReferenced.add(file);
        for (const n of KUSTOMIZATION_NAMES) this.kzReferenced.add(file + '/' + n);
      }
    }
    for (const f of [...this.files.values()]) {
      if (f.kustomization) continue;
      const changed = !!before?.fragments.has(f.uri) !== !!this.kz?.fragments.has(f.uri) || before?.namespaces.get(f.uri) !== this.kz?.namespaces.get(f.uri);
      if (changed) this.replaceFile(f.uri, f.text, f);
    }
    this.units = undefined;
    this.analyses.clear();
    this.dependents.clear();
    return [...this.files.keys()];
  }

  /** The apply units of a file (see applyunits.ts). */
  applyUnits(uri: string): string[] {
    this.tracking?.add('units');
    this.units ??= computeApplyUnits(this.files.values(), this.kz);
    return this.units.get(uri) ?? [];
  }

  /** True when two files are applied together (same file, same kustomization build, or same folder). */
  sameApplyUnit(a: string, b: string): boolean {
    return a === b || shareUnit(this.applyUnits(a), this.applyUnits(b));
  }

  /**
   * How surely two files are applied together: `file` (the same file), `build` (one
   * kustomization build), `dir` (one folder: only if it is applied as a whole), or undefined.
   */
  applyUnitKind(a: string, b: string): 'file' | 'build' | 'dir' | undefined {
    if (a === b) return 'file';
    return sharedUnitKind(this.applyUnits(a), this.applyUnits(b));
  }

  /** A file's path relative to the workspace folder holding it (its name when none does). */
  relativePath(uri: string): string {
    let best = '';
    for (const r of this.roots) {
      const root = r.endsWith('/') ? r : r + '/';
      if (uri.startsWith(root) && root.length > best.length) best = root;
    }
    if (!best) return baseName(uri);
    try {
      return decodeURIComponent(uri.slice(best.length));
    } catch {
      return uri.slice(best.length);
    }
  }

  /**
   * A link finding on a namespace-less resource holds only if it is applied to the namespace
   * assumed for it (`default`) when no `--namespace` / `meshLsp.defaultNamespace` or
   * kustomization says otherwise, and the workspace names other namespaces it could go to:
   * then an error is at most a warning that states the assumption.
   */
  private namespaceCaveat(res: Resource | undefined, f: Finding): Finding {
    if (!res || res.explicitNamespace || f.severity !== 'error' || !NAMESPACE_LINK_RULES.has(f.rule)) return f;
    if (this.settings.defaultNamespace || this.kz?.namespaces.has(res.uri)) return f;
    if (!this.otherNamespaces(res.namespace)) return f;
    return {
      ...f,
      severity: 'warning',
      message: `${f.message} (This assumes ${displayName(res)}, which sets no namespace, is applied to namespace ${res.namespace}; pass --namespace or set meshLsp.defaultNamespace to the namespace it is applied to.)`,
      data: { ...f.data, assumedNamespace: res.namespace },
    };
  }

  private explicitNamespaces: Set<string> | undefined;

  /** True when resources of the workspace name a namespace other than `ns`. */
  private otherNamespaces(ns: string): boolean {
    this.tracking?.add('units');
    if (!this.explicitNamespaces) {
      this.explicitNamespaces = new Set();
      for (const f of this.files.values()) for (const r of f.resources) if (r.explicitNamespace) this.explicitNamespaces.add(r.namespace);
    }
    for (const n of this.explicitNamespaces) if (n !== ns) return true;
    return false;
  }

  /** Namespace given to namespace-less resources at apply time, when known (kustomization or setting). */
  applyNamespace(uri: string): string | undefined {
    return this.kz?.namespaces.get(uri) ?? this.settings.defaultNamespace;
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
    changedKeys.add('units');
    this.units = undefined;
    this.explicitNamespaces = undefined;
    const affected = this.invalidate(uri, changedKeys);
    this.dropAnalysis(uri);
    const result = { affected: affected.filter((u) => u !== uri).concat(uri) };
    if (old.kustomization || this.kzReferenced.has(uri)) {
      for (const u of this.syncKustomize()) if (!result.affected.includes(u)) result.affected.push(u);
    }
    return result;
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
        message: `File is ${humanSize(size)}, over the ${humanSize(this.settings.maxFileSize)} limit (setting maxFileSize); it was not analyzed.`,
        data: { size, limit: this.settings.maxFileSize },
      });
      return entry;
    }
    const marker = firstTemplateMarker(text);
    if (marker?.kind === 'action' && inChartTemplates(uri)) return skipTemplate(entry, marker);
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
    const fragment = !!this.kz?.fragments.has(uri);
    const override = this.kz?.namespaces.get(uri);
    const nsOpts = { override, fallback: this.settings.defaultNamespace };
    const nsKey = `${override ?? ''}|${nsOpts.fallback ?? ''}`;
    const parsed = parseDocuments(norm.text, previous);
    entry.cache = parsed.cache;
    if (marker && (parsed.docs.some((d) => d.doc.errors.length) || (hasTemplateAction(text) && actionInStructure(parsed.docs.map((d) => d.doc)))))
      return skipTemplate(entry, marker);
    if (isKustomizationUri(uri)) entry.kustomization = readKustomization(uri, parsed.docs.map((d) => d.doc));
    if (fragment || entry.kustomization) {
      // A patch fragment is part of an object, not an object: only its syntax is checked.
      entry.fragment = fragment;
      entry.docs = parsed.docs;
      const syntax = syntaxFindings(uri, entry.docs);
      entry.kubernetes = fragment || syntax.length > 0;
      entry.parseFindings.push(...norm.findings, ...syntax);
      return entry;
    }
    const limits = limitFindings(uri, parsed.docs);
    for (const yd of parsed.docs) {
      if (limits.tooDeep.has(yd)) continue;
      const cached = this.docCache.get(yd.doc);
      if (cached && cached.ns === nsKey) {
        cached.yd.base = yd.base;
        cached.yd.index = yd.index;
        entry.docs.push(cached.yd);
        entry.resources.push(...cached.resources);
      } else {
        const resources = extractResources(uri, yd, nsOpts);
        this.docCache.set(yd.doc, { yd, resources, ns: nsKey });
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
    this.lookups++;
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
    const linked = new Set<string>();
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
          let current: Resource | undefined;
          const ctx: RuleContext = {
            ws: this,
            settings,
            file,
            report: (r) => push(this.namespaceCaveat(current, { ...r, rule: rule.id, severity: r.severity ?? rule.severity, uri: r.uri ?? uri })),
          };
          const lookupsBefore = this.lookups;
          for (const res of file.resources) {
            if (rule.kinds && !rule.kinds.includes('*') && !rule.kinds.includes(res.kind)) continue;
            if (now() - t0 > budget) {
              stopped = { rule: rule.id, skipped: [] };
              break;
            }
            current = res;
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
          if (this.lookups !== lookupsBefore) linked.add(rule.id);
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
    this.analyses.set(uri, { findings: result, deps, linked });
    for (const k of deps) {
      const set = this.dependents.get(k);
      if (set) set.add(uri);
      else this.dependents.set(k, new Set([uri]));
    }
    return result;
  }

  /** Ids of the rules whose findings in `uri` depend on other files (analyzing the file if needed). */
  linkedRules(uri: string): ReadonlySet<string> {
    this.findings(uri);
    return this.analyses.get(uri)?.linked ?? EMPTY_SET;
  }

  /** Findings with LSP ranges. */
  diagnostics(uri: string): Diagnostic[] {
    const file = this.files.get(uri);
    if (!file) return [];
    return this.findings(uri).map((f) => ({ ...f, range: file.lines.range(f.start, f.end) }));
  }
}

const EMPTY: readonly Resource[] = Object.freeze([]);

/** Rules whose findings follow links that depend on a resource's namespace. */
const NAMESPACE_LINK_RULES = new Set(['unknown-subset', 'unknown-gateway', 'unknown-host', 'unknown-destination-port', 'subset-no-workload', 'gateway-subset-ingress', 'vs-host-not-in-gateway']);

/** Mark a file as a template: one info finding, no analysis. */
function skipTemplate(entry: FileEntry, marker: { start: number; end: number; kind: 'action' | 'placeholder' }): FileEntry {
  entry.skipped = 'template';
  // Only files that look like Kubernetes manifests report it (not CI workflows, compose files, ...).
  entry.kubernetes = LOOKS_KUBERNETES.test(entry.text);
  entry.docs = [];
  entry.resources = [];
  entry.parseFindings = [
    {
      rule: 'helm-template',
      severity: 'info',
      uri: entry.uri,
      start: marker.start,
      end: marker.end,
      message:
        marker.kind === 'action'
          ? 'File contains Helm/Go template syntax ({{ ... }}): it is not YAML until rendered, so it was skipped. Lint the rendered output instead, e.g. `helm template . | meshlint -`.'
          : 'File contains placeholders (${VAR} for envsubst, %VAR% for sed) and is not YAML until they are substituted, so it was skipped. Lint the substituted output instead, e.g. `envsubst < file | meshlint -`.',
    },
  ];
  return entry;
}

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
