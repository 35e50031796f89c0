/**
 * Messages to and from the analysis worker (mesh.worker.js): requests with their answers, and the
 * sequence numbers of the texts sent, from which the page knows which edits the diagnostics it
 * shows already include (and how long the analysis took).
 */
import type { FromWorker, PlaygroundMethod, ToWorker } from './protocol';

type Diagnostics = Extract<FromWorker, { t: 'diagnostics' }>;

/** What the page knows of the worker: the last text sent and the last one analyzed. */
export const worker = {
  /** Sequence number of the last change sent. */
  seq: 0,
  /** Sequence number of the last change whose diagnostics arrived. */
  appliedSeq: 0,
  /** Milliseconds from a change sent to its diagnostics (for tests and the benchmark). */
  latencies: [] as number[],
  lastAnalysisMs: 0,
  resourceCount: 0,
};

const w = new Worker('./mesh.worker.js');
let reqId = 0;
const waiting = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
const sentAt = new Map<number, number>();
let onDiagnostics: (m: Diagnostics) => void = () => undefined;

export const post = (m: ToWorker) => w.postMessage(m);

/** A sequence number for a change about to be sent (timed until its diagnostics arrive when `timed`). */
export function nextSeq(timed = true): number {
  const s = ++worker.seq;
  if (timed) sentAt.set(s, performance.now());
  return s;
}

export function request<T = any>(method: PlaygroundMethod, params: unknown): Promise<T> {
  const id = ++reqId;
  return new Promise<T>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    post({ t: 'req', id, method, params });
  });
}

/** Start listening: `diagnostics` gets every batch of findings; `failed` a worker that crashed. */
export function listen(diagnostics: (m: Diagnostics) => void, failed: (message: string) => void): void {
  onDiagnostics = diagnostics;
  w.addEventListener('error', (e) => failed(e.message || 'unknown error'));
}

w.onmessage = (e: MessageEvent<FromWorker>) => {
  const m = e.data;
  if (m.t === 'res') {
    const p = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.error) p?.reject(new Error(m.error));
    else p?.resolve(m.result);
    return;
  }
  const now = performance.now();
  for (const [s, t] of sentAt) {
    if (s > m.seq) continue;
    if (s === m.seq) worker.latencies.push(now - t);
    sentAt.delete(s);
  }
  worker.appliedSeq = m.seq;
  worker.lastAnalysisMs = m.ms;
  worker.resourceCount = m.resources;
  onDiagnostics(m);
};
