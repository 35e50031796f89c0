import { defineRule } from '../rule';
import { span, type Resource, type RouteDestination } from '../model';
import { detectIndentUnit } from '../text';
import { keyName } from '../yamlutil';
import type { FileEntry } from '../workspace';

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

export default defineRule({
  id: 'misnested-destination',
  severity: 'error',
  title: '`host`/`subset`/`port` indented as siblings of an empty `destination:`, or `weight` indented inside `destination:`.',
  fixes: [{ kind: 'safe', title: 'Indent host/subset/port under `destination:` (or move weight/headers out of it)' }],
  kinds: ['VirtualService'],
  check(res: Resource, ctx) {
    if (res.view?.type !== 'VirtualService') return;
    const v = res.view.vs;
    const unit = indentUnit(ctx.file);
    const col = (offset: number) => ctx.file.lines.positionAt(offset).character;
    for (const route of [...v.http, ...v.tcp, ...v.tls]) {
      for (const d of route.destinations as RouteDestination[]) {
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
            data: { ...base, direction: 'out', keys, indentBy: by, partial, flow: partial && !!d.destination!.flow },
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
});
