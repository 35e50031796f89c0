/**
 * The text edits of canary steps that add or remove route entries: a canary destination beside
 * the stable one, a header/cookie route in front of a route, a canary backendRef beside the
 * stable one, the removal of retired backendRefs. Each writes in the file's own layout
 * (indentation, flush or indented sequences, block or flow maps) and keeps comments.
 */
import type { YAMLMap } from 'yaml';
import type { BackendRef } from '../gatewayapi';
import type { FileEntry, Lookup } from '../lookup';
import { type Resource, type Route, type RouteDestination, span } from '../model';
import { addEdit, type FileEdits, replaceScalar } from './edits';
import { destinationLayout, flushSequences, indentUnit, insertLines, itemLayout, routeLayout } from './layout';
import { setBackendWeightEdits } from './weights';

const sp = (n: number) => ' '.repeat(n);

/** The `- ` of a new sequence item whose keys start at `keyCol`, for an item whose dash is at `dashCol`. */
function dashTo(dashCol: number, keyCol: number): string {
  return `${sp(dashCol)}-${sp(Math.max(1, keyCol - dashCol - 1))}`;
}

/** Add a destination `host`/`subset` at `weight` after the route's destination `stable`, setting the stable one's weight to `stableWeight`. */
export function insertCanaryDestination(
  file: FileEntry,
  vs: Resource,
  stable: RouteDestination,
  host: string,
  subset: string,
  weight: number,
  stableWeight: number,
  edits: FileEdits,
): void {
  if (stable.weight && stable.weightPair?.value) addEdit(edits, vs.uri, replaceScalar(vs, stable.weight.node, stableWeight));
  const lay = destinationLayout(file, vs, stable);
  const lines = stable.weight ? [] : [`${sp(lay.keyCol)}weight: ${stableWeight}`];
  lines.push(
    `${dashTo(lay.dashCol, lay.keyCol)}destination:`,
    `${sp(lay.childCol)}host: ${host}`,
    `${sp(lay.childCol)}subset: ${subset}`,
    `${sp(lay.keyCol)}weight: ${weight}`,
  );
  addEdit(edits, vs.uri, insertLines(file.text, lay.end, lines));
}

/** A request header condition of a match: `headers: {<header>: {<op>: <value>}}`. */
export interface HeaderCondition {
  header: string;
  op: 'exact' | 'prefix' | 'regex';
  /** As written in YAML (quoted when it needs to be). */
  value: string;
}

/** Insert, before `route`, a route that sends the requests matching `cond` to `host`/`subset`. */
export function insertHeaderRoute(file: FileEntry, vs: Resource, route: Route, cond: HeaderCondition, host: string, subset: string, edits: FileEdits): void {
  const lay = routeLayout(file, vs, route);
  const unit = indentUnit(file);
  const flush = flushSequences(file, vs, route.node, 'route') ?? true;
  const k = lay.keyCol;
  const seqDash = flush ? k : k + unit; // dash column of items under `match:` / `route:`
  const seqKey = seqDash + 2;
  const lines = [
    `${dashTo(lay.dashCol, k)}match:`,
    `${sp(seqDash)}- headers:`,
    `${sp(seqKey + unit)}${cond.header}:`,
    `${sp(seqKey + 2 * unit)}${cond.op}: ${cond.value}`,
    `${sp(k)}route:`,
    `${sp(seqDash)}- destination:`,
    `${sp(seqKey + unit)}host: ${host}`,
    `${sp(seqKey + unit)}subset: ${subset}`,
  ];
  addEdit(edits, vs.uri, insertLines(file.text, lay.lineStart, lines));
}

/**
 * Add a backendRef to Service `name` at `weight` after the backendRef `stable` (same namespace
 * and port), setting the stable one's weight to `stableWeight`; in the item's own style.
 */
export function insertCanaryBackend(ws: Lookup, res: Resource, stable: BackendRef, name: string, weight: number, stableWeight: number, edits: FileEdits): void {
  const file = ws.getFile(res.uri);
  if (!file) return;
  const [s, e] = span(res, stable.node);
  const fields = [
    `name: ${name}`,
    ...(stable.explicitNamespace ? [`namespace: ${stable.namespace}`] : []),
    ...(stable.port !== undefined ? [`port: ${stable.port}`] : []),
    `weight: ${weight}`,
  ];
  const flowItem = !!(stable.node as YAMLMap).flow;
  const before = file.text.slice(0, s).trimEnd();
  if (flowItem && (before.endsWith('[') || before.endsWith(','))) {
    // A flow sequence: add the weight inside the stable item, the canary item after it.
    setBackendWeightEdits(ws, res, stable, stableWeight, edits);
    addEdit(edits, res.uri, { start: e, end: e, newText: `, {${fields.join(', ')}}` });
    return;
  }
  const lay = itemLayout(file.text, s, e);
  const lines: string[] = [];
  if (stable.weightNode) addEdit(edits, res.uri, replaceScalar(res, stable.weightNode, stableWeight));
  else if (flowItem) setBackendWeightEdits(ws, res, stable, stableWeight, edits);
  else lines.push(`${sp(lay.keyCol)}weight: ${stableWeight}`);
  const dash = dashTo(lay.dashCol, lay.keyCol);
  if (flowItem) lines.push(`${dash}{${fields.join(', ')}}`);
  else for (const [i, f] of fields.entries()) lines.push(i === 0 ? `${dash}${f}` : `${sp(lay.keyCol)}${f}`);
  addEdit(edits, res.uri, insertLines(file.text, lay.end, lines));
}

/** Remove block-style backendRefs, whole lines. */
export function deleteBackendRefs(file: FileEntry, res: Resource, refs: BackendRef[], edits: FileEdits): void {
  for (const b of refs) {
    const [s, e] = span(res, b.node);
    const lay = itemLayout(file.text, s, e);
    addEdit(edits, res.uri, { start: lay.lineStart, end: lay.end, newText: '' });
  }
}
