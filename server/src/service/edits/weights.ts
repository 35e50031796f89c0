/** Setting weights: of a VirtualService route's destinations, and of a Gateway API backendRef (used by the weight fixes and the canary steps). */
import type { YAMLMap } from 'yaml';
import type { BackendRef } from '../gatewayapi';
import type { Lookup } from '../lookup';
import { type Resource, type Route, span } from '../model';
import { BACKEND_DEFAULT_WEIGHT } from '../query/weights';
import { scalarNumber } from '../yamlutil';
import { addEdit, type FileEdits, replaceScalar } from './edits';
import { destinationLayout, insertLines, itemLayout } from './layout';

/** Edits that set every destination's weight (replacing values, inserting missing `weight:` lines). */
export function setWeightEdits(ws: Lookup, vs: Resource, route: Route, weights: number[], edits: FileEdits): boolean {
  const file = ws.getFile(vs.uri);
  if (!file) return false;
  let changed = false;
  route.destinations.forEach((d, i) => {
    const w = weights[i];
    if (d.weight && d.weight.value === w) return;
    changed = true;
    if (d.weight && d.weightPair?.value) addEdit(edits, vs.uri, replaceScalar(vs, d.weight.node, w));
    else {
      const lay = destinationLayout(file, vs, d);
      addEdit(edits, vs.uri, insertLines(file.text, lay.end, [`${' '.repeat(lay.keyCol)}weight: ${w}`]));
    }
  });
  return changed;
}

/**
 * Set one backendRef's weight: replace the value, or add `weight:` in the map's own style (block
 * or flow). Nothing to do when the weight is already `w`, or absent and `w` is the default.
 */
export function setBackendWeightEdits(ws: Lookup, res: Resource, b: BackendRef, w: number, edits: FileEdits): boolean {
  if (b.weightNode ? scalarNumber(b.weightNode) === w : w === BACKEND_DEFAULT_WEIGHT) return false;
  const file = ws.getFile(res.uri);
  if (!file) return false;
  if (b.weightNode) {
    addEdit(edits, res.uri, replaceScalar(res, b.weightNode, w));
    return true;
  }
  const [s, e] = span(res, b.node);
  if ((b.node as YAMLMap).flow) {
    const close = file.text.lastIndexOf('}', e);
    let at = close;
    while (at > s && /\s/.test(file.text[at - 1])) at--;
    addEdit(edits, res.uri, { start: at, end: at, newText: `, weight: ${w}` });
  } else {
    const lay = itemLayout(file.text, s, e);
    addEdit(edits, res.uri, insertLines(file.text, lay.end, [`${' '.repeat(lay.keyCol)}weight: ${w}`]));
  }
  return true;
}
