/** Proposing, inserting and removing DestinationRule subsets. */
import { isSeq } from 'yaml';
import { findSubset, routesToSubset } from '../links';
import type { Lookup } from '../lookup';
import { labelsMatch, type Resource, type Subset, span } from '../model';
import { get, getPair } from '../yamlutil';
import { addEdit, deleteLinesKeepingComments, type FileEdits } from './edits';
import { indentUnit, insertLines, itemLayout, subsetLayout } from './layout';

export interface SubsetProposal {
  dr: Resource;
  name: string;
  labels: Record<string, string>;
  workload: Resource;
}

const VERSIONISH = /^v?\d+([.-]\d+)*$/i;

/**
 * A new subset for `fqdn`: labels taken from a workload that the host's Service selects but
 * that no existing subset selects (typically a new `version` value). `name` fixes the name.
 */
export function proposeSubset(ws: Lookup, fqdn: string, name?: string): SubsetProposal | undefined {
  const proposals = proposeSubsets(ws, fqdn, name);
  if (!proposals.length) return undefined;
  if (name) return proposals.find((p) => Object.values(p.labels).includes(name)) ?? proposals[0];
  return proposals[0];
}

/** Every subset that could be created for `fqdn` (newest version first). */
export function proposeSubsets(ws: Lookup, fqdn: string, name?: string): SubsetProposal[] {
  const drs = ws.destinationRulesForHost(fqdn).filter((d) => d.view?.type === 'DestinationRule' && d.view.dr.host && !d.view.dr.host.value.startsWith('*'));
  const dr = drs[0];
  if (dr?.view?.type !== 'DestinationRule') return [];
  const subsets = dr.view.dr.subsets;
  const service = ws.servicesForHost(fqdn).find((s) => s.view?.type === 'Service' && s.view.svc.selector && Object.keys(s.view.svc.selector).length);
  if (service?.view?.type !== 'Service' || !service.view.svc.selector) return [];
  const selector = service.view.svc.selector;
  const workloads = ws.workloadsInNamespace(service.namespace).filter((w) => w.view?.type === 'Workload' && labelsMatch(selector, w.view.wl.podLabels));
  const subsetKeys = [...new Set(subsets.flatMap((s) => Object.keys(s.labels)))];
  const uncovered = workloads.filter(
    (w) =>
      w.view?.type === 'Workload' &&
      !subsets.some((s) => Object.keys(s.labels).length && labelsMatch(s.labels, (w.view as { wl: { podLabels: Record<string, string> } }).wl.podLabels)),
  );
  const proposals: SubsetProposal[] = [];
  for (const w of uncovered) {
    if (w.view?.type !== 'Workload') continue;
    const pod = w.view.wl.podLabels;
    let labels: Record<string, string> = {};
    if (subsetKeys.length) {
      for (const k of subsetKeys) if (pod[k] !== undefined) labels[k] = pod[k];
    } else {
      labels = Object.fromEntries(Object.entries(pod).filter(([k]) => !(k in selector)));
      if (labels.version) labels = { version: labels.version };
    }
    if (!Object.keys(labels).length) continue;
    const derived = labels.version ?? Object.values(labels)[0];
    const subsetName = name ?? derived;
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(subsetName)) continue;
    if (!name && findSubset(ws, fqdn, subsetName).matches.length) continue;
    proposals.push({ dr, name: subsetName, labels, workload: w });
  }
  const seen = new Set<string>();
  return proposals
    .sort((a, b) => versionRank(b.name) - versionRank(a.name))
    .filter((p) => {
      if (seen.has(p.name)) return false;
      seen.add(p.name);
      return true;
    });
}

export function versionRank(name: string): number {
  const m = /(\d+)(?:[.-](\d+))?(?:[.-](\d+))?/.exec(name);
  if (!m || !VERSIONISH.test(name)) return -1;
  return Number(m[1]) * 1e6 + Number(m[2] ?? 0) * 1e3 + Number(m[3] ?? 0);
}

function quoteIfNeeded(v: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(v) && !/^(true|false|yes|no|on|off|null|~|\d+(\.\d+)?)$/i.test(v) ? v : JSON.stringify(v);
}

/** Edits that append a subset to a DestinationRule, in the file's own layout. */
export function insertSubset(ws: Lookup, p: SubsetProposal, edits: FileEdits): boolean {
  const file = ws.getFile(p.dr.uri);
  if (!file || p.dr.view?.type !== 'DestinationRule') return false;
  const unit = indentUnit(file);
  const subsets = p.dr.view.dr.subsets;
  const labelLines = (col: number) => Object.entries(p.labels).map(([k, v]) => `${' '.repeat(col)}${k}: ${quoteIfNeeded(v)}`);
  if (subsets.length) {
    const last = subsets[subsets.length - 1];
    const lay = subsetLayout(file, p.dr, last);
    const labelsKey = getPair(last.node, 'labels');
    let labelCol = lay.keyCol + unit;
    const firstLabel = (labelsKey?.value as { items?: { key: unknown }[] } | null)?.items?.[0]?.key as never;
    if (firstLabel) labelCol = file.lines.positionAt(span(p.dr, firstLabel)[0]).character;
    const lines = [
      `${' '.repeat(lay.dashCol)}-${' '.repeat(lay.keyCol - lay.dashCol - 1)}name: ${p.name}`,
      `${' '.repeat(lay.keyCol)}labels:`,
      ...labelLines(labelCol),
    ];
    addEdit(edits, p.dr.uri, insertLines(file.text, lay.end, lines));
    return true;
  }
  const subsetsNode = p.dr.view.dr.subsetsNode;
  if (subsetsNode && !isSeq(subsetsNode)) return false;
  if (subsetsNode && isSeq(subsetsNode) && (subsetsNode as { flow?: boolean }).flow) return false;
  // No subsets yet: add `subsets:` at the end of spec.
  const spec = get(p.dr.node, 'spec', p.dr.doc.doc);
  const hostPair = getPair(spec, 'host');
  if (!spec || !hostPair) return false;
  const [specStart, specEnd] = span(p.dr, spec);
  const lay = itemLayout(file.text, specStart, specEnd);
  const keyCol = lay.keyCol;
  const lines = [
    `${' '.repeat(keyCol)}subsets:`,
    `${' '.repeat(keyCol)}- name: ${p.name}`,
    `${' '.repeat(keyCol + 2)}labels:`,
    ...labelLines(keyCol + 2 + unit),
  ];
  addEdit(edits, p.dr.uri, insertLines(file.text, lay.end, lines));
  return true;
}

/** Remove a subset item from its DestinationRule (its own lines only; comments around it stay). */
export function removeSubset(ws: Lookup, dr: Resource, s: Subset, edits: FileEdits): void {
  const file = ws.getFile(dr.uri);
  if (!file) return;
  const lay = subsetLayout(file, dr, s);
  addEdit(edits, dr.uri, deleteLinesKeepingComments(file.text, lay.lineStart, lay.end, lay.dashCol));
}

/** Is subset `name` of `fqdn` routed by any destination other than the excluded ones? */
export function stillRouted(ws: Lookup, fqdn: string, name: string, excluded: Set<object>): boolean {
  return routesToSubset(ws, fqdn, name).some((r) => !excluded.has(r.dest));
}
