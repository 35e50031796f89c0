import { addEdit, type FileEdits } from '../edits/edits';
import { destinationLayout, insertLines } from '../edits/layout';
import { destinationLabel } from '../links';
import { span } from '../model';
import { weightLeftFor } from '../query/weights';
import { defineRule } from '../rule';
import { type RouteWeightsData, routeData, weightedRoutes, weightFixes } from './_weights';

export default defineRule<RouteWeightsData>({
  id: 'weight-missing',
  severity: 'warning',
  category: 'traffic',
  title: 'In a route with several destinations, a destination without `weight` receives no traffic.',
  fixes: [{ kind: 'suggestion', title: 'Give the destination an explicit weight (100 minus the others)' }],
  kinds: ['VirtualService'],
  check(res, ctx) {
    for (const wr of weightedRoutes(res)) {
      if (wr.route.destinations.length < 2) continue;
      if (wr.weights.every((w) => w === undefined)) continue; // weights-invalid reports the route
      wr.route.destinations.forEach((d, i) => {
        if (d.weight) return;
        const [start, end] = span(res, (d.destinationPair?.key as never) ?? d.node);
        ctx.report({
          start,
          end,
          message: `Destination ${destinationLabel(d)} has no weight while the others do: a missing weight counts as 0, so it receives no traffic.`,
          data: { ...routeData(res, wr), destinationIndex: i },
        });
      });
    }
  },
  fix(f, ctx) {
    return weightFixes(f, ctx, (res, route, split) => {
      const i = f.data?.destinationIndex;
      const d = i === undefined ? undefined : route.destinations[i];
      const file = ctx.ws.getFile(res.uri);
      if (i === undefined || !d || !file) return [];
      const w = weightLeftFor(split, i);
      const lay = destinationLayout(file, res, d);
      const edits: FileEdits = new Map();
      addEdit(edits, res.uri, insertLines(file.text, lay.end, [`${' '.repeat(lay.keyCol)}weight: ${w}`]));
      // In a document with YAML errors the insertion point may land inside a broken node (e.g. an
      // unclosed flow map): still offered, but never the preferred fix.
      return [
        { title: `Give ${d.subset?.value ?? 'this destination'} an explicit weight: ${w}`, kind: 'suggestion', preferred: !res.doc.doc.errors.length, edits },
      ];
    });
  },
});
