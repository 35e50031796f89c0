/** Quick fixes, attached to the findings they fix. Each returns minimal edits; the safest is preferred. */
import type { Node, Pair } from 'yaml';
import { toFQDN } from '../hosts';
import { closest, editDistance } from '../text';
import { span, type Resource, type Route, type RouteDestination } from '../model';
import type { Finding } from '../types';
import type { Workspace } from '../workspace';
import { addEdit, blockEnd, lineStartOf, largestRemainder, replaceScalar, shiftLines, type FileEdits } from './edits';
import { destinationLayout, insertLines } from './layout';
import { proposeSubset, insertSubset } from './subsets';
import { setWeightEdits } from './canary';
import { weightOwner } from './managed';
import { parseGatewayRef } from '../model';
import type { FixKind } from '../types';
import { nodeAt } from '../schema/validate';

export interface Fix {
  title: string;
  /** `safe`: `--fix` and auto-fix apply it; `suggestion`: offered, applied only by `--fix-suggestions`. */
  kind: FixKind;
  preferred: boolean;
  edits: FileEdits;
  finding: Finding;
}

function resourceFor(ws: Workspace, f: Finding): Resource | undefined {
  const key = f.data?.resource;
  const file = ws.getFile(f.uri);
  if (!file) return undefined;
  return file.resources.find((r) => r.key === key && (() => { const [s, e] = span(r, r.node); return f.start >= s && f.start <= e; })()) ?? file.resources.find((r) => r.key === key);
}

function routeOf(res: Resource, f: Finding): Route | undefined {
  if (res.view?.type !== 'VirtualService') return undefined;
  const list = res.view.vs[(f.data?.protocol as 'http' | 'tcp' | 'tls') ?? 'http'];
  return list?.find((r) => r.index === f.data?.routeIndex);
}

function pairLines(ws: Workspace, res: Resource, pairs: Pair<Node, Node | null>[]): { start: number; end: number } {
  const text = ws.getFile(res.uri)!.text;
  const start = lineStartOf(text, span(res, pairs[0])[0]);
  const end = blockEnd(text, span(res, pairs[pairs.length - 1])[1]);
  return { start, end };
}

function fixMisnested(ws: Workspace, f: Finding): Fix[] {
  const res = resourceFor(ws, f);
  const route = res && routeOf(res, f);
  const d = route?.destinations[f.data?.destinationIndex as number];
  const file = ws.getFile(f.uri);
  if (!res || !d || !file || !d.destinationPair) return [];
  const edits: FileEdits = new Map();
  const text = file.text;
  const items = d.node.items as Pair<Node, Node | null>[];
  if (f.data?.direction === 'out' && d.misnestedOut?.length) {
    const by = f.data.indentBy as number;
    // Keys cannot be indented into a flow mapping (`destination: {host: r}`): no safe edit.
    if (!(by > 0) || f.data.flow) return [];
    const di = items.indexOf(d.destinationPair);
    const contiguous = d.misnestedOut.every((p, k) => items[di + 1 + k] === p);
    if (contiguous) {
      const { start, end } = pairLines(ws, res, d.misnestedOut);
      for (const e of shiftLines(text, start, end, by)) addEdit(edits, f.uri, e);
    } else {
      // Move the keys right under `destination:`.
      const destLineEnd = blockEnd(text, span(res, d.destinationPair.key)[1]);
      const moved: string[] = [];
      for (const p of d.misnestedOut) {
        const { start, end } = pairLines(ws, res, [p]);
        moved.push(text.slice(start, end).replace(/^(?=.)/gm, ' '.repeat(by)));
        addEdit(edits, f.uri, { start, end, newText: '' });
      }
      addEdit(edits, f.uri, { start: destLineEnd, end: destLineEnd, newText: moved.join('') });
    }
    return [{ title: `Indent ${(f.data.keys as string[]).join(', ')} under destination`, kind: 'safe', preferred: true, edits, finding: f }];
  }
  if (f.data?.direction === 'in' && d.misnestedIn?.length && d.destination) {
    const by = f.data.outdentBy as number;
    if (!(by > 0)) return [];
    const inner = d.destination.items as Pair<Node, Node | null>[];
    const last = inner.slice(-d.misnestedIn.length);
    const atEnd = last.every((p, k) => p === d.misnestedIn![k]);
    if (atEnd) {
      const { start, end } = pairLines(ws, res, d.misnestedIn);
      for (const e of shiftLines(text, start, end, -by)) addEdit(edits, f.uri, e);
    } else {
      const destEnd = blockEnd(text, span(res, d.destination)[1]);
      const moved: string[] = [];
      for (const p of d.misnestedIn) {
        const { start, end } = pairLines(ws, res, [p]);
        moved.push(text.slice(start, end).replace(new RegExp(`^ {${by}}`, 'gm'), ''));
        addEdit(edits, f.uri, { start, end, newText: '' });
      }
      addEdit(edits, f.uri, { start: destEnd, end: destEnd, newText: moved.join('') });
    }
    return [{ title: `Move ${(f.data.keys as string[]).join(', ')} out of destination`, kind: 'safe', preferred: true, edits, finding: f }];
  }
  return [];
}

function fixWhitespace(ws: Workspace, f: Finding, all: Finding[]): Fix[] {
  const line = (findings: Finding[]) => {
    const edits: FileEdits = new Map();
    for (const x of findings) for (const o of (x.data?.offsets as number[]) ?? []) addEdit(edits, x.uri, { start: o, end: o + 1, newText: ' ' });
    return edits;
  };
  const fixes: Fix[] = [{ title: 'Replace pasted non-breaking spaces and tabs on this line with spaces', kind: 'safe', preferred: true, edits: line([f]), finding: f }];
  const inFile = all.filter((x) => x.rule === 'pasted-whitespace' && x.uri === f.uri);
  if (inFile.length > 1) fixes.push({ title: `Replace pasted non-breaking spaces and tabs in the whole file (${inFile.length} lines)`, kind: 'safe', preferred: false, edits: line(inFile), finding: f });
  return fixes;
}

function fixWeights(ws: Workspace, f: Finding): Fix[] {
  const res = resourceFor(ws, f);
  const route = res && routeOf(res, f);
  if (!res || !route || weightOwner(ws, res)) return [];
  const edits: FileEdits = new Map();
  const weights = route.destinations.map((d) => Math.max(0, d.weight?.value ?? 0));
  if (f.rule === 'weights-not-100') {
    const norm = largestRemainder(weights, 100);
    setWeightEdits(ws, res, route, norm, edits);
    return [{ title: `Normalize weights to 100 (${norm.join('/')})`, kind: 'suggestion', preferred: true, edits, finding: f }];
  }
  if (f.rule === 'weight-missing') {
    const i = f.data?.destinationIndex as number;
    const d = route.destinations[i];
    const others = weights.reduce((a, w, k) => a + (k === i ? 0 : w), 0);
    const w = Math.max(0, 100 - others);
    const file = ws.getFile(res.uri)!;
    const lay = destinationLayout(file, res, d);
    addEdit(edits, res.uri, insertLines(file.text, lay.end, [`${' '.repeat(lay.keyCol)}weight: ${w}`]));
    // In a document with YAML errors the insertion point may land inside a broken node (e.g. an
    // unclosed flow map): still offered, but never the preferred fix.
    return [{ title: `Give ${d.subset?.value ?? 'this destination'} an explicit weight: ${w}`, kind: 'suggestion', preferred: !res.doc.doc.errors.length, edits, finding: f }];
  }
  if (f.rule === 'weights-invalid' && f.data?.kind === 'zero-total') {
    const even = largestRemainder(route.destinations.map(() => 1), 100);
    setWeightEdits(ws, res, route, even, edits);
    return [{ title: `Split traffic evenly (${even.join('/')})`, kind: 'suggestion', preferred: false, edits, finding: f }];
  }
  if (f.rule === 'weights-invalid' && f.data?.kind === 'negative') {
    const clamped = largestRemainder(weights, 100);
    setWeightEdits(ws, res, route, clamped, edits);
    return [{ title: `Set negative weights to 0 and normalize to 100 (${clamped.join('/')})`, kind: 'suggestion', preferred: true, edits, finding: f }];
  }
  return [];
}

function destinationOf(res: Resource, f: Finding): { node: Node } | undefined {
  const route = routeOf(res, f);
  if (!route) return undefined;
  if (f.data?.mirror) return route.mirror?.subset;
  const d: RouteDestination | undefined = route.destinations[f.data?.destinationIndex as number];
  return d?.subset;
}

function fixUnknownSubset(ws: Workspace, f: Finding): Fix[] {
  const res = resourceFor(ws, f);
  if (!res) return [];
  const subset = destinationOf(res, f);
  const fixes: Fix[] = [];
  const available = [...new Set((f.data?.available as string[]) ?? [])];
  const name = f.data?.subset as string;
  // Existing subsets, closest names first (the rule's own suggestion leads).
  const suggestion = f.data?.suggestion as string | undefined;
  const ranked = available
    .map((a) => ({ a, d: a === suggestion ? -1 : editDistance(name.toLowerCase(), a.toLowerCase()) }))
    .sort((x, y) => x.d - y.d || (x.a < y.a ? -1 : 1))
    .map((x) => x.a)
    .slice(0, 5);
  if (subset)
    for (const target of ranked) {
      const edits: FileEdits = new Map();
      addEdit(edits, res.uri, replaceScalar(res, subset.node, target));
      fixes.push({ title: `Use existing subset ${target}`, kind: 'suggestion', preferred: target === suggestion, edits, finding: f });
    }
  const fqdn = (f.data?.fqdn as string) ?? toFQDN(String(f.data?.host ?? ''), res.namespace);
  const proposal = proposeSubset(ws, fqdn, name);
  if (proposal) {
    const edits: FileEdits = new Map();
    if (insertSubset(ws, proposal, edits))
      fixes.push({
        title: `Add subset ${name} to DestinationRule ${proposal.dr.name} (${Object.entries(proposal.labels).map(([k, v]) => `${k}=${v}`).join(',')}, from ${proposal.workload.kind} ${proposal.workload.name})`,
        kind: 'suggestion',
        preferred: !suggestion,
        edits,
        finding: f,
      });
  }
  return fixes;
}

function fixUnknownGateway(ws: Workspace, f: Finding): Fix[] {
  const res = resourceFor(ws, f);
  if (!res || res.view?.type !== 'VirtualService') return [];
  const ref = res.view.vs.gateways.find((g) => g.value === f.data?.gateway && span(res, g.node)[0] === f.start);
  if (!ref) return [];
  // Only Gateways of the namespace the reference already points at: never another namespace
  // by name similarity, and the reference keeps its own form (no `default/` added).
  const target = parseGatewayRef(ref.value, res.namespace);
  const names = ws.ofKind('Gateway').filter((g) => g.name && g.namespace === target.namespace).map((g) => g.name!);
  const best = closest(target.name, names);
  if (!best) return [];
  const slash = ref.value.indexOf('/');
  const dot = ref.value.indexOf('.');
  const value = slash !== -1 ? ref.value.slice(0, slash + 1) + best : dot !== -1 ? best + ref.value.slice(dot) : best;
  const edits: FileEdits = new Map();
  addEdit(edits, res.uri, replaceScalar(res, ref.node, value));
  return [{ title: `Change gateway to ${value}`, kind: 'suggestion', preferred: true, edits, finding: f }];
}

function fixUnknownField(ws: Workspace, f: Finding): Fix[] {
  const suggestion = f.data?.suggestion as string | undefined;
  const res = resourceFor(ws, f);
  if (!res || !suggestion || typeof f.data?.field !== 'string') return [];
  const path = f.data.path as (string | number)[] | undefined;
  if (!path) return [];
  const { pair } = nodeAt(res.node, path.map(String));
  const key = pair?.key as Node | undefined;
  if (!key || span(res, key)[0] !== f.start) return [];
  const edits: FileEdits = new Map();
  addEdit(edits, res.uri, replaceScalar(res, key, suggestion));
  return [{ title: `Rename ${f.data.field} to ${suggestion}`, kind: f.data.renameSafe ? 'safe' : 'suggestion', preferred: true, edits, finding: f }];
}

/** The quick fixes for one finding (`all`: every finding of the file, for whole-file variants). */
export function fixesFor(ws: Workspace, f: Finding, all: Finding[] = [f]): Fix[] {
  try {
    switch (f.rule) {
      case 'pasted-whitespace':
        return fixWhitespace(ws, f, all);
      case 'misnested-destination':
        return fixMisnested(ws, f);
      case 'weights-not-100':
      case 'weight-missing':
      case 'weights-invalid':
        return fixWeights(ws, f);
      case 'unknown-subset':
        return fixUnknownSubset(ws, f);
      case 'unknown-gateway':
        return fixUnknownGateway(ws, f);
      case 'unknown-field':
        return fixUnknownField(ws, f);
      default:
        return [];
    }
  } catch {
    return [];
  }
}
