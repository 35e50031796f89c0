/**
 * Reading a file: its text → documents and resources, plus the facts about the text that the
 * parse-level rules report (pasted whitespace, syntax errors, analysis bounds, templates, size).
 * Unchanged documents keep their resources (cached per parsed document).
 */
import type { Document } from 'yaml';
import { isKustomizationUri, type KustomizeIndex, readKustomization } from '../kustomize';
import { deepBlockAt, deepFlowAt, MAX_ALIAS_EXPANSION, measureDocument } from '../limits';
import type { FileEntry } from '../lookup';
import { extractResources, type Resource } from '../model';
import { type ChunkCache, normalizeWhitespace, parseDocuments, utf8Length, type YamlDoc } from '../parse';
import type { MeshSettings } from '../settings';
import { actionInStructure, actionsOnlyInBlockScalars, firstTemplateMarker, hasTemplateAction, inChartTemplates, markersBreakYaml } from '../templates';
import { LineIndex, LOOKS_KUBERNETES } from '../text';

/** Resources extracted from a parsed document, reused while the document and its namespace context stay the same. */
export type DocCache = WeakMap<Document, { yd: YamlDoc; resources: Resource[]; ns: string }>;

export interface ReadContext {
  settings: MeshSettings;
  kz: KustomizeIndex | undefined;
  docCache: DocCache;
}

export function readFile(uri: string, text: string, ctx: ReadContext, previous?: ChunkCache): FileEntry {
  const { settings, kz } = ctx;
  const entry: FileEntry = {
    uri,
    text,
    analysisText: text,
    lines: new LineIndex(text),
    docs: [],
    resources: [],
    kubernetes: false,
    facts: { parsed: [], pasted: [], checkText: false, checkLimits: false },
  };
  const size = text.length > settings.maxFileSize / 4 ? utf8Length(text) : text.length;
  if (size > settings.maxFileSize) {
    entry.skipped = 'too-large';
    entry.kubernetes = LOOKS_KUBERNETES.test(text.slice(0, 65536));
    entry.facts.size = size;
    return entry;
  }
  const marker = firstTemplateMarker(text);
  const chartTemplate = marker?.kind === 'action' && inChartTemplates(uri);
  const deep = deepFlowAt(text);
  const deepBlock = deep === -1 ? deepBlockAt(text) : -1;
  if ((deep !== -1 || deepBlock !== -1) && chartTemplate) return skipTemplate(entry, marker);
  if (deep !== -1 || deepBlock !== -1) {
    entry.skipped = 'too-deep';
    entry.kubernetes = LOOKS_KUBERNETES.test(text.slice(0, 65536));
    if (deep !== -1) entry.facts.deepFlowAt = deep;
    else entry.facts.deepBlockAt = deepBlock;
    return entry;
  }
  const norm = normalizeWhitespace(text);
  entry.analysisText = norm.text;
  const fragment = !!kz?.fragments.has(uri);
  const override = kz?.namespaces.get(uri);
  const nsOpts = { override, fallback: settings.defaultNamespace };
  const nsKey = `${override ?? ''}|${nsOpts.fallback ?? ''}`;
  const parsed = parseDocuments(norm.text, previous);
  entry.cache = parsed.cache;
  const syntax = parsed.docs.some((d) => d.doc.errors.length);
  if (chartTemplate && !actionsOnlyInBlockScalars(text, parsed.docs)) return skipTemplate(entry, marker);
  if (marker && ((syntax && markersBreakYaml(text, parsed.docs)) || (hasTemplateAction(text) && actionInStructure(parsed.docs.map((d) => d.doc)))))
    return skipTemplate(entry, marker);
  if (isKustomizationUri(uri))
    entry.kustomization = readKustomization(
      uri,
      parsed.docs.map((d) => d.doc),
    );
  entry.facts.parsed = parsed.docs;
  entry.facts.pasted = norm.pasted;
  if (fragment || entry.kustomization) {
    // A patch fragment is part of an object, not an object: only its syntax is checked.
    entry.fragment = fragment;
    entry.docs = parsed.docs;
    entry.kubernetes = fragment || syntax;
    entry.facts.checkText = true;
    return entry;
  }
  let overBound = false;
  for (const yd of parsed.docs) {
    const m = measureDocument(yd.doc);
    if (m.tooDeep || m.expanded > MAX_ALIAS_EXPANSION) overBound = true;
    if (m.tooDeep) continue;
    const cached = ctx.docCache.get(yd.doc);
    if (cached && cached.ns === nsKey) {
      cached.yd.base = yd.base;
      cached.yd.index = yd.index;
      entry.docs.push(cached.yd);
      entry.resources.push(...cached.resources);
    } else {
      const resources = extractResources(uri, yd, nsOpts);
      ctx.docCache.set(yd.doc, { yd, resources, ns: nsKey });
      entry.docs.push(yd);
      entry.resources.push(...resources);
    }
  }
  entry.kubernetes = entry.resources.length > 0;
  if (entry.kubernetes || (syntax && LOOKS_KUBERNETES.test(norm.text))) {
    entry.kubernetes = true;
    entry.facts.checkText = true;
  }
  if (overBound && (entry.kubernetes || LOOKS_KUBERNETES.test(norm.text))) {
    entry.kubernetes = true;
    entry.facts.checkLimits = true;
  }
  return entry;
}

/** A file the surface could not read or decode: no text, one finding (the file-unreadable rule) with the reason. */
export function unreadableFile(uri: string, reason: string): FileEntry {
  return {
    uri,
    text: '',
    analysisText: '',
    lines: new LineIndex(''),
    docs: [],
    resources: [],
    kubernetes: true,
    skipped: 'unreadable',
    facts: { parsed: [], pasted: [], checkText: false, checkLimits: false, unreadable: reason },
  };
}

/** Mark a file as a template: no analysis (the helm-template rule reports it). */
function skipTemplate(entry: FileEntry, marker: { start: number; end: number; kind: 'action' | 'placeholder' }): FileEntry {
  entry.skipped = 'template';
  // Only files that look like Kubernetes manifests report it (not CI workflows, compose files, ...).
  entry.kubernetes = LOOKS_KUBERNETES.test(entry.text);
  entry.docs = [];
  entry.resources = [];
  entry.facts = { parsed: [], pasted: [], checkText: false, checkLimits: false, template: marker };
  return entry;
}
