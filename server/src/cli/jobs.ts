/**
 * `meshlint --jobs N`: the files are shared out by size among this thread and N - 1 worker
 * threads. Each reads and parses its share, hands the others its files in portable form
 * (resources and ranges: service/workspace/portable.ts), then analyses its own files against
 * every file, its own parsed and the others' portable, and returns their diagnostics. No file is
 * parsed twice; a text another thread read is read again only when an analysis needs it (the
 * line of a related location in a message).
 *
 * The answer is the one `--jobs 1` gives, or none: when an analysis read a part of another
 * thread's file that a portable file does not hold (a YAML value beyond the resource model, a
 * parsed document), the share says so, and the caller analyses in one thread instead.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { installPrecompiledValidators } from '../node/validators';
import { createWorkspace, type Diagnostic, type FileEntry, foreignFiles, type MeshSettings, portableFiles } from '../service/index';
import { readLintInput } from './files';

/** Inputs smaller than this (bytes of YAML) are analysed in one thread unless `--jobs` asks: starting workers costs more than it saves. */
export const JOBS_MIN_BYTES = 6 * 1024 * 1024;

export interface JobFile {
  path: string;
  uri: string;
  /** An input (reported), or a `--context` file (read for references only). */
  report: boolean;
}

interface JobsData {
  settings: MeshSettings;
  roots: string[];
  own: JobFile[];
}

/** What the caller sends a worker once every share is parsed. */
interface ToWorker {
  /** Every file's URI, in the order one thread adds them (lookups list resources in this order). */
  order: string[];
  /** The other shares' files (`portableFiles`). */
  others: string[];
}

type FromWorker = { type: 'parsed'; files: string } | ({ type: 'done' } & ShareResult) | { type: 'failed'; error: string };

interface ShareResult {
  reports: [string, Diagnostic[]][];
  /** What an analysis read that the portable files do not hold, if it read any. */
  touched?: string;
}

/**
 * `--jobs` when not given: the cores there are, up to 4. Every thread holds the other threads'
 * files in portable form, so memory grows with the number of threads (and the core count may
 * ignore a container's CPU quota).
 */
export function defaultJobs(): number {
  return Math.min(availableParallelism(), 4);
}

/** More threads than this are never started, whatever `--jobs` says. */
const MAX_JOBS = 64;

/** Total size of the files in bytes (unreadable ones count 0: the worker reports them). */
export function totalBytes(paths: string[]): number {
  let n = 0;
  for (const p of paths) n += sizeOf(p);
  return n;
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0; // reported when read
  }
}

/**
 * Shares of about equal work: the largest file first, each to the lightest share so far. The
 * first share is this thread's; the workers' shares start with a handicap for the time a worker
 * takes to start.
 */
function share<T extends { path: string }>(files: T[], n: number): T[][] {
  const sized = files.map((f) => ({ f, size: sizeOf(f.path) })).sort((a, b) => b.size - a.size);
  const total = sized.reduce((a, b) => a + b.size, 0);
  const shares = Array.from({ length: n }, (_, i) => ({ size: i ? total * WORKER_START : 0, files: [] as T[] }));
  for (const { f, size } of sized) {
    let best = shares[0];
    for (const s of shares) if (s.size < best.size) best = s;
    best.files.push(f);
    best.size += size;
  }
  return shares.filter((s) => s.files.length).map((s) => s.files);
}

/** A worker's start (a new V8 heap, loading this bundle), as a share of one thread's work on the whole input. */
const WORKER_START = 0.01;

/** The text of a file another share read, read again the same way (only when an analysis needs it: line numbers, text). */
function textOf(uri: string): string {
  const input = readLintInput(fileURLToPath(uri));
  return 'text' in input ? input.text : '';
}

/** One share of the files: parsed first, then analysed against every file once the other shares are parsed. */
class Share {
  private ws;
  private own: FileEntry[];

  constructor(
    settings: MeshSettings,
    roots: string[],
    private files: JobFile[],
  ) {
    // A one-shot analysis: nothing is analysed again, so results per resource are not kept.
    this.ws = createWorkspace(settings, { reuse: false });
    this.ws.roots = roots;
    this.own = files.map((f) => {
      const input = readLintInput(f.path);
      return this.ws.readEntry(f.uri, 'text' in input ? input.text : input);
    });
  }

  portable(): string {
    return portableFiles(this.own);
  }

  analyse({ order, others }: ToWorker): ShareResult {
    let touched: string | undefined;
    // MESHLINT_TRACE_JOBS=stack: where the analysis read it (for whoever makes the resource model carry it).
    const note = (what: string) => void (touched ??= process.env.MESHLINT_TRACE_JOBS === 'stack' ? `${what} ${new Error().stack}` : what);
    const byUri = new Map<string, FileEntry>();
    for (const e of this.own) byUri.set(e.uri, e);
    for (const json of others) for (const e of foreignFiles(json, textOf, note)) byUri.set(e.uri, e);
    this.ws.addEntries(order.flatMap((u) => byUri.get(u) ?? []));
    const reports: [string, Diagnostic[]][] = [];
    for (const f of this.files) if (f.report) reports.push([f.uri, this.ws.diagnostics(f.uri).map(shown)]);
    return { reports, ...(touched ? { touched } : {}) };
  }
}

export type JobsResult = { diagnostics: Map<string, Diagnostic[]>; threads: number } | { fallback: string };

/**
 * Diagnostics of the reported files, by URI, analysed in this thread and `jobs - 1` worker
 * threads; or why they could not be (then the caller analyses in one thread, and the output is
 * the same).
 */
export async function lintInWorkers(files: JobFile[], jobs: number, settings: MeshSettings, roots: string[]): Promise<JobsResult> {
  const shares = share(files, Math.min(jobs, files.length, MAX_JOBS));
  if (shares.length < 2) return { fallback: 'the input makes one share' };
  const order = files.map((f) => f.uri);
  const workers: Worker[] = [];
  const parsed: string[] = [];
  const done: ShareResult[] = [];
  let failed: Error | undefined;
  let wake: (() => void) | undefined;
  const event = () => new Promise<void>((resolve) => (wake = resolve));
  const settled = (list: unknown[]) => failed || list.filter((x) => x !== undefined).length === workers.length;
  const start = (own: JobFile[], i: number) => {
    const w = new Worker(workerScript(), { eval: true, workerData: { settings, roots, own } satisfies JobsData });
    workers.push(w);
    const fail = (e: Error) => {
      failed ??= e;
      wake?.();
    };
    w.on('error', fail);
    w.on('messageerror', fail);
    w.on('exit', (code) => {
      if (!done[i]) fail(new Error(`a worker stopped (exit code ${code}) before it was done`));
    });
    w.on('message', (m: FromWorker) => {
      if (m.type === 'failed') fail(new Error(m.error));
      else if (m.type === 'parsed') parsed[i] = m.files;
      else done[i] = m;
      wake?.();
    });
  };
  try {
    shares.slice(1).forEach(start);
    const mine = new Share(settings, roots, shares[0]);
    const myFiles = mine.portable();
    while (!settled(parsed)) await event();
    if (failed) throw failed;
    workers.forEach((w, j) => {
      w.postMessage({ order, others: [myFiles, ...parsed.filter((_, k) => k !== j)] } satisfies ToWorker);
    });
    const results = [mine.analyse({ order, others: parsed })];
    while (!settled(done)) await event();
    if (failed) throw failed;
    results.push(...done);
    const touched = results.find((d) => d.touched)?.touched;
    if (touched) return { fallback: `an analysis read ${touched} of a file another thread parsed` };
    const diagnostics = new Map<string, Diagnostic[]>();
    for (const d of results) for (const [uri, list] of d.reports) diagnostics.set(uri, list);
    return { diagnostics, threads: shares.length };
  } catch (e) {
    return { fallback: (e as Error).message };
  } finally {
    for (const w of workers) void w.terminate();
  }
}

/** The worker's code: this bundle, loaded the way bin/meshlint.js loads it (with its code cache when there is one). */
function workerScript(): string {
  return `
const { join, dirname } = require('node:path');
const file = ${JSON.stringify(__filename)};
let load;
try { load = require(join(dirname(file), '..', 'bin', 'load.js')); } catch { load = require; }
load(file).jobsWorker();
`;
}

/** Only what the report shows: the rule's fix input and a build's finding stay where they were made. */
function shown(d: Diagnostic): Diagnostic {
  const { data: _data, built: _built, ...rest } = d;
  return rest;
}

/** The worker thread's side (see `lintInWorkers`). */
export function jobsWorker(): void {
  if (isMainThread || !parentPort) throw new Error('jobsWorker runs in a worker thread');
  const port = parentPort;
  const failed = (e: unknown) => port.postMessage({ type: 'failed', error: (e as Error)?.stack ?? String(e) } satisfies FromWorker);
  try {
    installPrecompiledValidators();
    const data = workerData as JobsData;
    const mine = new Share(data.settings, data.roots, data.own);
    port.postMessage({ type: 'parsed', files: mine.portable() } satisfies FromWorker);
    port.on('messageerror', failed);
    port.once('message', (m: ToWorker) => {
      try {
        port.postMessage({ type: 'done', ...mine.analyse(m) } satisfies FromWorker);
      } catch (e) {
        failed(e);
      }
    });
  } catch (e) {
    failed(e);
  }
}
