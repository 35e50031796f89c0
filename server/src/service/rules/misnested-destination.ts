import type { Node, Pair } from 'yaml';
import { addEdit, blockEnd, type FileEdits, lineStartOf, shiftLines } from '../edits/edits';
import type { FileEntry } from '../lookup';
import { type Resource, span } from '../model';
import { type RouteRef, routeOf, vsRoutes } from '../query/routes';
import { defineRule } from '../rule';
import { detectIndentUnit } from '../text';
import { keyName } from '../yamlutil';

interface Base extends RouteRef {
  destinationIndex: number;
  keys: string[];
}
/** `out`: keys beside `destination:` that belong under it; `in`: keys inside it that belong beside it. */
type MisnestedData = (Base & { direction: 'out'; indentBy: number; flow: boolean }) | (Base & { direction: 'in'; outdentBy: number });

const unitCache = new WeakMap<FileEntry, number>();
function indentUnit(file: FileEntry): number {
  let u = unitCache.get(file);
  if (u === undefined) {
    u = detectIndentUnit(file.analysisText);
    unitCache.set(file, u);
  }
  return u;
}

function quoteKeys(keys: string[]): string {
  return keys.map((k) => `\`${k}\``).join(', ');
}

export default defineRule<MisnestedData>({
  id: 'misnested-destination',
  severity: 'error',
  category: 'structure',
  title: '`host`/`subset`/`port` indented as siblings of an empty `destination:`, or `weight` indented inside `destination:`.',
  fixes: [{ kind: 'safe', title: 'Indent host/subset/port under `destination:` (or move weight/headers out of it)' }],
  kinds: ['VirtualService'],
  check(res: Resource, ctx) {
    const unit = indentUnit(ctx.file);
    const col = (offset: number) => ctx.file.lines.positionAt(offset).character;
    for (const route of vsRoutes(res)) {
      for (const d of route.destinations) {
        const destKey = d.destinationPair?.key;
        if (!destKey) continue;
        const destCol = col(span(res, destKey)[0]);
        const base = {
          resource: res.key,
          protocol: route.protocol,
          routeIndex: route.index,
          destinationIndex: d.index,
        };
        if (d.misnestedOut?.length) {
          const keys = d.misnestedOut.map((p) => keyName(p) ?? '');
          const start = span(res, d.misnestedOut[0])[0];
          const end = span(res, d.misnestedOut[d.misnestedOut.length - 1])[1];
          const partial = !!d.destination && d.destination.items.length > 0;
          // Under a non-empty destination the keys go to the column of its own keys.
          const first = partial ? d.destination!.items[0] : undefined;
          const target = partial && !d.destination!.flow && first ? col(span(res, first.key as never)[0]) : destCol + unit;
          const by = target - col(start);
          const what = keys.length > 1 ? 'these keys' : 'this key';
          ctx.report({
            start,
            end,
            message: partial
              ? `${quoteKeys(keys)} ${keys.length > 1 ? 'sit' : 'sits'} beside \`destination:\` instead of under it: Istio does not read ${what} there and Kubernetes drops ${keys.length > 1 ? 'them' : 'it'}${keys.includes('subset') ? ', so the route goes to every endpoint of the host instead of the subset' : ''}. ${d.destination!.flow ? `Move ${keys.length > 1 ? 'them' : 'it'} into the \`destination\` mapping.` : `Indent ${keys.length > 1 ? 'them' : 'it'} by ${by} more space${by === 1 ? '' : 's'} to put ${keys.length > 1 ? 'them' : 'it'} under \`destination:\`.`}`
              : `${quoteKeys(keys)} ${keys.length > 1 ? 'sit' : 'sits'} beside \`destination:\` instead of under it: \`destination:\` is empty, so Istio sees a destination without a host and Kubernetes drops ${what}. Indent ${keys.length > 1 ? 'them' : 'it'} by ${by} more space${by === 1 ? '' : 's'} to put ${keys.length > 1 ? 'them' : 'it'} under \`destination:\`.`,
            data: { ...base, direction: 'out', keys, indentBy: by, flow: partial && !!d.destination!.flow },
          });
        }
        if (d.misnestedIn?.length) {
          const keys = d.misnestedIn.map((p) => keyName(p) ?? '');
          const start = span(res, d.misnestedIn[0])[0];
          const end = span(res, d.misnestedIn[d.misnestedIn.length - 1])[1];
          const by = col(start) - destCol;
          ctx.report({
            start,
            end,
            message: `${quoteKeys(keys)} ${keys.length > 1 ? 'are' : 'is'} indented inside \`destination:\`, where Istio does not read ${keys.length > 1 ? 'them' : 'it'}: ${keys.includes('weight') ? 'the weight is lost. ' : ''}Outdent by ${by} space${by === 1 ? '' : 's'} to sit beside \`destination:\`.`,
            data: { ...base, direction: 'in', keys, outdentBy: by },
          });
        }
      }
    }
  },
  fix(f, ctx) {
    const data = f.data;
    const res = ctx.resource(data?.resource);
    const d = data && res ? routeOf(res, data.protocol, data.routeIndex)?.destinations[data.destinationIndex] : undefined;
    const file = ctx.ws.getFile(f.uri);
    if (!data || !res || !d || !file || !d.destinationPair) return [];
    const edits: FileEdits = new Map();
    const text = file.text;
    const items = d.node.items;
    // The lines of a run of pairs, from the start of the first line to the end of the last one.
    const pairLines = (pairs: Pair<Node, Node | null>[]) => ({
      start: lineStartOf(text, span(res, pairs[0])[0]),
      end: blockEnd(text, span(res, pairs[pairs.length - 1])[1]),
    });
    if (data.direction === 'out' && d.misnestedOut?.length) {
      const by = data.indentBy;
      // Keys cannot be indented into a flow mapping (`destination: {host: r}`): no safe edit.
      if (!(by > 0) || data.flow) return [];
      const di = items.indexOf(d.destinationPair);
      const contiguous = d.misnestedOut.every((p, k) => items[di + 1 + k] === p);
      if (contiguous) {
        const { start, end } = pairLines(d.misnestedOut);
        for (const e of shiftLines(text, start, end, by)) addEdit(edits, f.uri, e);
      } else {
        // Move the keys right under `destination:`.
        const destLineEnd = blockEnd(text, span(res, d.destinationPair.key)[1]);
        const moved: string[] = [];
        for (const p of d.misnestedOut) {
          const { start, end } = pairLines([p]);
          moved.push(text.slice(start, end).replace(/^(?=.)/gm, ' '.repeat(by)));
          addEdit(edits, f.uri, { start, end, newText: '' });
        }
        addEdit(edits, f.uri, { start: destLineEnd, end: destLineEnd, newText: moved.join('') });
      }
      return [{ title: `Indent ${data.keys.join(', ')} under destination`, kind: 'safe', preferred: true, edits }];
    }
    if (data.direction === 'in' && d.misnestedIn?.length && d.destination) {
      const by = data.outdentBy;
      if (!(by > 0)) return [];
      const misnested = d.misnestedIn;
      const last = d.destination.items.slice(-misnested.length);
      const atEnd = last.every((p, k) => p === misnested[k]);
      if (atEnd) {
        const { start, end } = pairLines(misnested);
        for (const e of shiftLines(text, start, end, -by)) addEdit(edits, f.uri, e);
      } else {
        const destEnd = blockEnd(text, span(res, d.destination)[1]);
        const moved: string[] = [];
        for (const p of misnested) {
          const { start, end } = pairLines([p]);
          moved.push(text.slice(start, end).replace(new RegExp(`^ {${by}}`, 'gm'), ''));
          addEdit(edits, f.uri, { start, end, newText: '' });
        }
        addEdit(edits, f.uri, { start: destEnd, end: destEnd, newText: moved.join('') });
      }
      return [{ title: `Move ${data.keys.join(', ')} out of destination`, kind: 'safe', preferred: true, edits }];
    }
    return [];
  },
});
