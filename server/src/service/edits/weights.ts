/** Setting the weights of a VirtualService route (used by the weight fixes and the canary steps). */
import type { Lookup } from '../lookup';
import type { Resource, Route } from '../model';
import { addEdit, type FileEdits, replaceScalar } from './edits';
import { destinationLayout, insertLines } from './layout';

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
