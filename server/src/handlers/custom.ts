/** Custom requests used by the VS Code extension: index statistics and the traffic split of a VirtualService. */
import { IndexStatsRequest, type IndexStatsResult, type TrafficSplitParams, TrafficSplitRequest, type TrafficSplitResult } from '../protocol';
import { resourceAt } from '../service/features/context';
import { trafficSplitReport } from '../service/features/split';
import { guarded } from './features';
import type { ServerState } from './state';

export function registerCustom(state: ServerState): void {
  const { connection } = state;
  connection.onRequest(
    IndexStatsRequest.method,
    guarded(
      state,
      'indexStats',
      (): IndexStatsResult => {
        let files = 0;
        let resources = 0;
        for (const f of state.ws.allFiles()) {
          if (!f.kubernetes) continue;
          files++;
          resources += f.resources.length;
        }
        return { files, resources, folders: state.folders.length };
      },
      true,
    ),
  );
  connection.onRequest(
    TrafficSplitRequest.method,
    guarded(
      state,
      'trafficSplit',
      (p: TrafficSplitParams): TrafficSplitResult => {
        const file = state.ws.getFile(p.textDocument.uri);
        if (!file) return { text: 'This document is not indexed.' };
        const offset = file.lines.offsetAt(p.position);
        let vs = resourceAt(file, offset);
        if (vs?.kind !== 'VirtualService') vs = file.resources.find((r) => r.kind === 'VirtualService');
        if (!vs) return { text: 'No VirtualService in this document.' };
        return { text: trafficSplitReport(state.ws, vs), name: vs.name };
      },
      true,
    ),
  );
}
