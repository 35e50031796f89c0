// Messages between the page (main thread) and the analysis worker. Positions are LSP positions (0-based).

import type { PlaygroundMethod } from '../../server/src/protocol';
import type { Diagnostic, MeshCodeAction } from '../../server/src/service/index';

export { type PlaygroundMethod, PlaygroundMethods } from '../../server/src/protocol';

export interface FileText {
  uri: string;
  text: string;
}

export type ToWorker =
  | { t: 'reset'; seq: number; files: FileText[] }
  | { t: 'set'; seq: number; uri: string; text: string }
  | { t: 'remove'; seq: number; uri: string }
  | { t: 'req'; id: number; method: PlaygroundMethod; params: any };

/** A finding as the page gets it: what it shows, and its id to ask for its fixes (their input stays in the worker). */
export type PageDiagnostic = Pick<Diagnostic, 'id' | 'rule' | 'severity' | 'message' | 'range' | 'related'>;

export type FromWorker =
  | { t: 'diagnostics'; seq: number; ms: number; files: { uri: string; diagnostics: PageDiagnostic[] }[]; resources: number }
  | { t: 'res'; id: number; result?: any; error?: string };

export interface TrafficDestination {
  label: string;
  host: string;
  subset?: string;
  weight: number;
  percent: string;
  /** Where it goes: the subset's labels and workloads, or why it goes nowhere. */
  detail: string;
  ok: boolean;
}

export interface TrafficRoute {
  title: string;
  match: string;
  summary: string;
  destinations: TrafficDestination[];
  /** Start offset of the route in its file, to jump to it. */
  line: number;
}

export interface TrafficView {
  uri: string;
  name: string;
  namespace: string;
  hosts: string[];
  gateways: string[];
  routes: TrafficRoute[];
}

/** A code action as the page gets it: `diagnostics` are the ids of the findings it fixes. */
export type CodeAction = Omit<MeshCodeAction, 'findings'> & { diagnostics: string[] };
