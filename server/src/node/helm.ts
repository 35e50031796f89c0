/**
 * Helm charts rendered by the real `helm template`, for the CLI and the language server.
 *
 * `HelmRenderer.render` runs `helm template <release> <chart> --skip-tests --include-crds
 * [--values f]... [--namespace ns]` (no shell; the chart's values.yaml applies by default) and
 * returns the objects as a `Build` whose origins point into the chart's template files
 * (service/build/helm.ts maps them). It never fetches: no `helm dependency update/build`, and
 * helm runs with its cache, config and data homes in a fresh temporary folder, so neither the
 * user's repositories nor plugins nor kubeconfig take part. A chart whose dependencies are not
 * in `charts/` fails with helm's message as a problem. The run is bounded in time and output
 * size; past the bound the process (and its group) is killed and the build has a problem.
 *
 * `chooseHelm` decides whether and with which command charts are rendered: off with `--no-helm`,
 * never in a workspace the editor does not trust, the configured command when it can be run,
 * else `helm` from PATH when present; otherwise a reason that says how to enable rendering.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseDocument } from 'yaml';
import { discoverCharts, helmBuildId, helmErrorProblem, mapHelmOutput } from '../service/build/helm';
import { firstLineRef, type TemplateFile } from '../service/build/helm-template';
import type { Build, Renderer, RenderRequest } from '../service/build/types';

export const DEFAULT_HELM_TIMEOUT_MS = 20_000;
const DEFAULT_MAX_OUTPUT = 64 * 1024 * 1024;
/** Chart files listed as the build's inputs, at most. */
const MAX_INPUTS = 5000;

export interface HelmRendererOptions {
  /** The helm executable: a path, or a name looked up on PATH. */
  command: string;
  /** Time bound of one render (default 20 s); past it helm is killed and the build has a problem. */
  timeoutMs?: number;
  /** Output bound (bytes of stdout); past it helm is killed. */
  maxOutputBytes?: number;
  /** The URI of a file path, as the caller's workspace spells it (default: `pathToFileURL`). */
  uri?: (path: string) => string;
  /** How many helm processes run at once (default 2); further renders wait their turn. */
  concurrency?: number;
}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  tooLarge: boolean;
  error?: Error;
}

/** Process groups of helm runs under way: killed if this process exits first. */
const running = new Set<number>();
let exitHook = false;
function track(pid: number | undefined): void {
  if (!pid || process.platform === 'win32') return;
  running.add(pid);
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const p of running) {
      try {
        process.kill(-p, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

/** Run a command without a shell, bounded in time and output; the process group is killed at the bound. */
function run(command: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number; maxBytes: number }): Promise<RunResult> {
  return new Promise((done) => {
    const group = process.platform !== 'win32';
    let child: ChildProcess;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let finished = false;
    const result: RunResult = { code: null, stdout: '', stderr: '', timedOut: false, tooLarge: false };
    const finish = () => {
      if (finished) return;
      finished = true;
      if (child?.pid) running.delete(child.pid);
      clearTimeout(timer);
      result.stdout = Buffer.concat(out).toString('utf8');
      result.stderr = Buffer.concat(err).toString('utf8');
      done(result);
    };
    const stop = () => {
      try {
        if (group && child.pid) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      // A grandchild outside the group could keep the pipes open: stop reading them.
      child.stdout?.destroy();
      child.stderr?.destroy();
    };
    const timer = setTimeout(() => {
      result.timedOut = true;
      stop();
    }, opts.timeoutMs);
    try {
      child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: group, windowsHide: true, shell: false });
    } catch (e) {
      result.error = e as Error;
      finish();
      return;
    }
    track(child.pid);
    child.stdout?.on('data', (b: Buffer) => {
      size += b.length;
      if (size > opts.maxBytes) {
        if (!result.tooLarge) {
          result.tooLarge = true;
          stop();
        }
        return;
      }
      out.push(b);
    });
    child.stderr?.on('data', (b: Buffer) => {
      if (err.reduce((n, x) => n + x.length, 0) < 64 * 1024) err.push(b);
    });
    child.on('error', (e) => {
      result.error = e;
      finish();
    });
    child.on('close', (code) => {
      result.code = code;
      finish();
    });
  });
}

/** A release name helm accepts (lowercase DNS label, at most 53 characters), from the chart's name. */
export function releaseName(chartName: string | undefined): string {
  const name = (chartName ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 53)
    .replace(/-+$/, '');
  return /^[a-z]/.test(name) ? name : 'release';
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
}

function chartMeta(text: string): { name?: string; type?: string } {
  try {
    const v = parseDocument(text).toJS() as { name?: unknown; type?: unknown } | null;
    return { name: typeof v?.name === 'string' ? v.name : undefined, type: typeof v?.type === 'string' ? v.type : undefined };
  } catch {
    return {};
  }
}

/** Every file of the chart folder (what the render read), at most MAX_INPUTS. */
function chartFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (out.length >= MAX_INPUTS) return;
      if (e.name === '.git' || e.name === 'node_modules') continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out;
}

export class HelmRenderer implements Renderer {
  readonly command: string;
  readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly uri: (path: string) => string;
  private readonly concurrency: number;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(opts: HelmRendererOptions) {
    this.command = opts.command;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_HELM_TIMEOUT_MS;
    this.maxBytes = opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
    this.uri = opts.uri ?? ((p) => pathToFileURL(p).href);
    this.concurrency = Math.max(1, opts.concurrency ?? 2);
  }

  async render(request: RenderRequest): Promise<Build> {
    if (this.running >= this.concurrency) await new Promise<void>((r) => this.waiting.push(r));
    this.running++;
    try {
      return await this.renderNow(request);
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private async renderNow(request: RenderRequest): Promise<Build> {
    const build: Build = { id: helmBuildId(request), kind: 'helm', root: request.root, inputs: [], objects: [], problems: [] };
    if (request.namespace) build.namespace = request.namespace;
    let dir: string;
    let values: string[];
    try {
      dir = fileURLToPath(request.root);
      values = request.values.map((v) => fileURLToPath(v));
    } catch (e) {
      build.problems.push({ message: `the chart cannot be rendered: ${(e as Error).message}` });
      return build;
    }
    const chartPath = join(dir, 'Chart.yaml');
    const chartText = readText(chartPath);
    if (chartText === undefined) {
      build.problems.push({ message: `the chart cannot be rendered: ${chartPath} cannot be read` });
      return build;
    }
    const chartRef = firstLineRef({ uri: this.uri(chartPath), text: chartText });
    build.inputs = [...chartFiles(dir).map(this.uri), ...request.values.filter((v) => !v.startsWith(request.root))];
    const meta = chartMeta(chartText);
    if (meta.type === 'library') {
      build.problems.push({ message: 'a library chart renders nothing by itself: it is rendered as part of the charts that depend on it', at: chartRef });
      return build;
    }
    const args = ['template', releaseName(meta.name), dir, '--skip-tests', '--include-crds'];
    for (const v of values) args.push('--values', v);
    if (request.namespace) args.push('--namespace', request.namespace);

    const home = mkdtempSync(join(tmpdir(), 'mesh-helm-'));
    let result: RunResult;
    try {
      const opts = { cwd: dir, env: isolatedEnv(home), timeoutMs: this.timeoutMs, maxBytes: this.maxBytes };
      result = await run(this.command, args, opts);
      // Helm before 3.7 has no --skip-tests: render the tests too rather than nothing.
      if (result.code !== 0 && /unknown flag: --skip-tests/.test(result.stderr))
        result = await run(
          this.command,
          args.filter((a) => a !== '--skip-tests'),
          opts,
        );
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
    const template = this.templates(dir);
    if (result.error) {
      build.problems.push({ message: `helm could not be run (${this.command}): ${result.error.message}`, at: chartRef });
    } else if (result.timedOut) {
      build.problems.push({
        message: `helm template did not finish within ${Math.round(this.timeoutMs / 100) / 10} s and was stopped: the chart is not checked`,
        at: chartRef,
      });
    } else if (result.tooLarge) {
      build.problems.push({
        message: `helm template wrote more than ${Math.round(this.maxBytes / 1024 / 1024)} MiB and was stopped: the chart is not checked`,
        at: chartRef,
      });
    } else if (result.code !== 0) {
      build.problems.push(helmErrorProblem(result.stderr, template, chartRef));
    } else {
      const mapped = mapHelmOutput(result.stdout, template, chartRef);
      build.objects = mapped.objects;
      build.problems.push(...mapped.problems);
    }
    return build;
  }

  /** The template file a `# Source:` path names (`<chart>/templates/x.yaml`, `<chart>/charts/<sub>/templates/y.yaml`), read from the chart folder. */
  private templates(dir: string): (source: string) => TemplateFile | undefined {
    const cache = new Map<string, TemplateFile | undefined>();
    return (source) => {
      if (cache.has(source)) return cache.get(source);
      const segments = source.split('/').slice(1);
      let path = resolve(dir, ...segments);
      let text = readText(path);
      const sub = text === undefined ? subchartPath(dir, segments) : undefined;
      if (sub) {
        path = sub;
        text = readText(path);
      }
      const rel = relative(dir, path);
      const inside = rel && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
      if (!inside) text = undefined;
      const file = text === undefined ? undefined : { uri: this.uri(path), text };
      cache.set(source, file);
      return file;
    };
  }
}

/**
 * `discoverCharts` over the files on disk around each Chart.yaml among `fileUris`: a chart's
 * values files (`values-prod.yaml`, `ci/*.yaml`) hold no Kubernetes object, so a workspace index
 * that keeps only manifests does not list them. `uri` spells paths as the caller's workspace does.
 */
export function discoverChartsOnDisk(fileUris: Iterable<string>, opts: { namespace?: string; uri?: (path: string) => string } = {}): RenderRequest[] {
  const toUri = opts.uri ?? ((p: string) => pathToFileURL(p).href);
  const all = new Set<string>();
  for (const u of fileUris) {
    all.add(u);
    if (!/(^|\/)Chart\.yaml$/.test(u)) continue;
    let dir: string;
    try {
      dir = join(fileURLToPath(u), '..');
    } catch {
      continue;
    }
    for (const sub of ['', 'ci']) {
      try {
        for (const e of readdirSync(join(dir, sub), { withFileTypes: true })) if (e.isFile() && /\.ya?ml$/.test(e.name)) all.add(toUri(join(dir, sub, e.name)));
      } catch {
        // no such folder
      }
    }
  }
  return discoverCharts(all, { namespace: opts.namespace });
}

/** A subchart's folder may be named other than the chart (`charts/redis-17.3.0/` holding chart `redis`): find it by its Chart.yaml. */
function subchartPath(dir: string, segments: string[]): string | undefined {
  let base = dir;
  let i = 0;
  while (i + 1 < segments.length && segments[i] === 'charts') {
    const name = segments[i + 1];
    let found: string | undefined;
    try {
      for (const e of readdirSync(join(base, 'charts'), { withFileTypes: true })) {
        if (!e.isDirectory()) continue;
        const text = readText(join(base, 'charts', e.name, 'Chart.yaml'));
        if (e.name === name || (text && chartMeta(text).name === name)) {
          found = join(base, 'charts', e.name);
          if (e.name === name) break;
        }
      }
    } catch {
      return undefined;
    }
    if (!found) return undefined;
    base = found;
    i += 2;
  }
  return i ? join(base, ...segments.slice(i)) : undefined;
}

/** helm's environment: PATH only, with its homes (cache, config with repositories and registry logins, data with plugins) and kubeconfig in `home`. */
function isolatedEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_DATA_HOME: join(home, 'data'),
    KUBECONFIG: join(home, 'kubeconfig'),
  };
  for (const k of ['SYSTEMROOT', 'SystemRoot', 'TEMP', 'TMP', 'TMPDIR']) if (process.env[k]) env[k] = process.env[k];
  if (process.platform === 'win32') env.USERPROFILE = home;
  return env;
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (process.platform !== 'win32') accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The executable a command names: itself when it is a path, else the first match on PATH. */
export function findExecutable(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!command) return undefined;
  if (command.includes('/') || command.includes('\\')) return isExecutable(command) ? command : undefined;
  const exts = process.platform === 'win32' ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';')] : [''];
  for (const d of (env.PATH ?? '').split(delimiter)) {
    if (!d) continue;
    for (const ext of exts) {
      const p = join(d, command + ext);
      if (isExecutable(p)) return p;
    }
  }
  return undefined;
}

export type HelmChoice = { command: string } | { reason: string };

/** A helm command as configured: one that names a path (`./bin/helm`) is relative to `base`; a bare name is looked up on PATH. */
export function helmCommandAt(command: string | undefined, base: string | undefined): string | undefined {
  return command && base && /[\\/]/.test(command) && !isAbsolute(command) ? resolve(base, command) : command;
}

/**
 * Whether charts are rendered, and with which helm:
 * - `disabled` (`--no-helm`): not rendered;
 * - `trusted === false` (an editor that does not trust the workspace; VS Code sends it): not
 *   rendered, whatever the settings say. Clients that say nothing about trust (`undefined`:
 *   Neovim, Emacs, the CLI) are trusted, as the user runs them on their own files;
 * - `command` (`--helm <path>`, else the `helmCommand` setting): it, when it can be run;
 * - otherwise `helm` on PATH when present.
 * The reason, when not rendered, says how to enable rendering.
 */
export function chooseHelm(opts: { disabled?: boolean; trusted?: boolean; command?: string; env?: NodeJS.ProcessEnv }): HelmChoice {
  if (opts.disabled) return { reason: 'Helm rendering is off (--no-helm)' };
  if (opts.trusted === false) return { reason: 'Helm charts are rendered only in a trusted workspace: trust this workspace to render them' };
  const configured = opts.command?.trim();
  if (configured) {
    const found = findExecutable(configured, opts.env ?? process.env);
    return found
      ? { command: found }
      : { reason: `the Helm command "${configured}" (meshLsp.helmCommand or --helm) was not found or cannot be run: set it to the path of a helm binary` };
  }
  const found = findExecutable('helm', opts.env ?? process.env);
  return found
    ? { command: found }
    : { reason: 'helm was not found on PATH: install helm, or set meshLsp.helmCommand (meshlint: --helm <path>) to render charts with their values' };
}
