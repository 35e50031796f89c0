/**
 * Node-only: the one loader of workspace files, shared by the CLI (`meshlint`) and the language
 * server.
 * - `YamlWalk`: every *.yaml / *.yml under a folder, skipping dependency and version-control
 *   folders, exclude patterns and what `.gitignore` files ignore. The walk is written once (as a
 *   generator of file-system requests) and run synchronously by the CLI (`YamlWalk.sync`, in
 *   cli/files.ts) or asynchronously by the server (`walkYaml`), which must never block on a big tree.
 * - `readCandidate` / `readText`: a file read for indexing, skipped cheaply when it cannot matter
 *   (no `apiVersion`/`kind` key, or over the size limit and not Kubernetes).
 * - `isExcludedFile` / `isGitIgnored`: the same rules for a single file (watched-file events).
 * Decoding the bytes (BOM, UTF-16, UTF-32) is `decode.ts`.
 */
import { type Dirent, readdirSync, readFileSync, realpathSync, type Stats, statSync } from 'node:fs';
import { open, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { URI } from 'vscode-uri';
import { LOOKS_KUBERNETES } from '../service/text';
import { decodeForLint, decodeLenient } from './decode';

export const YAML_FILE = /\.ya?ml$/i;
/** Folders the CLI never walks into. */
export const SKIP_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git']);
/** Folders the language server never indexes: dependencies, vendored code, version control. */
export const SERVER_SKIP_DIRS: ReadonlySet<string> = new Set(['node_modules', 'vendor', '.git', '.hg', '.svn', 'bower_components', '__pycache__']);

const posix = (p: string) => p.split(sep).join('/');

// ---------------------------------------------------------------------------------------------
// File-system requests: the walk yields them, a driver answers (synchronously or not).
// ---------------------------------------------------------------------------------------------
type FsRequest = { op: 'readdir'; path: string } | { op: 'realpath'; path: string } | { op: 'stat'; path: string } | { op: 'read'; path: string };
type Io<T> = Generator<FsRequest, T, unknown>;

function* fsReaddir(path: string): Io<Dirent[]> {
  return (yield { op: 'readdir', path }) as Dirent[];
}
function* fsRealpath(path: string): Io<string> {
  return (yield { op: 'realpath', path }) as string;
}
function* fsStat(path: string): Io<Stats> {
  return (yield { op: 'stat', path }) as Stats;
}
function* fsRead(path: string): Io<string> {
  return (yield { op: 'read', path }) as string;
}
function* fsExists(path: string): Io<boolean> {
  try {
    yield* fsStat(path);
    return true;
  } catch {
    return false;
  }
}

/** The answer to each request, synchronously (the CLI) and asynchronously (the server). */
const ANSWER_SYNC: { [Op in FsRequest['op']]: (path: string) => unknown } = {
  readdir: (path) => readdirSync(path, { withFileTypes: true }),
  realpath: (path) => realpathSync(path),
  stat: (path) => statSync(path),
  read: (path) => readFileSync(path, 'utf8'),
};
const ANSWER_ASYNC: { [Op in FsRequest['op']]: (path: string) => Promise<unknown> } = {
  readdir: (path) => readdir(path, { withFileTypes: true }),
  realpath: (path) => realpath(path),
  stat: (path) => stat(path),
  read: (path) => readFile(path, 'utf8'),
};

function runSync<T>(io: Io<T>): T {
  let step = io.next();
  while (!step.done) {
    let value: unknown;
    try {
      value = ANSWER_SYNC[step.value.op](step.value.path);
    } catch (e) {
      step = io.throw(e);
      continue;
    }
    step = io.next(value);
  }
  return step.value;
}

async function runAsync<T>(io: Io<T>): Promise<T> {
  let step = io.next();
  while (!step.done) {
    let value: unknown;
    try {
      value = await ANSWER_ASYNC[step.value.op](step.value.path);
    } catch (e) {
      step = io.throw(e);
      continue;
    }
    step = io.next(value);
  }
  return step.value;
}

// ---------------------------------------------------------------------------------------------
// Exclude patterns and .gitignore.
// ---------------------------------------------------------------------------------------------

/** Exclude patterns with the folder they are relative to (a config file's folder, the working directory, a workspace folder). */
export interface ExcludeSet {
  patterns: string[];
  base: string;
}

const GLOB_CHARS = /[*?[\]{}!]/;

/** The leading segments of a pattern that hold no glob syntax. */
export function globBase(pattern: string): string {
  const base: string[] = [];
  for (const p of pattern.split(/[\\/]/)) {
    if (GLOB_CHARS.test(p)) break;
    base.push(p);
  }
  return base.join('/') || '.';
}

/**
 * A test for absolute paths: does an exclude pattern match the path? Relative patterns are
 * resolved against their base folder, absolute ones are used as they are; a pattern without glob
 * syntax names a file or a folder (and everything in it). Folder names are never read as globs.
 */
export function excluder(sets: ExcludeSet[]): (abs: string) => boolean {
  const matchers = sets.flatMap((s) =>
    s.patterns.map((p) => {
      const lit = globBase(p);
      const prefix = posix(isAbsolute(p) ? resolve(lit) : resolve(s.base, lit)).replace(/\/$/, '');
      const rest = lit === '.' && !/^\.([\\/]|$)/.test(p) ? p : p.slice(lit.length).replace(/^[\\/]+/, '');
      if (!rest) return (abs: string) => abs === prefix || abs.startsWith(`${prefix}/`);
      // A leading `!` is a character of the name here, not picomatch's negation (which would exclude everything else).
      const m = picomatch(posix(rest).replace(/\/$/, '').replace(/^!/, '\\!'), { dot: true });
      return (abs: string) => abs.startsWith(`${prefix}/`) && m(abs.slice(prefix.length + 1));
    }),
  );
  return (abs) => {
    const p = posix(abs);
    return matchers.some((m) => m(p));
  };
}

/**
 * `.gitignore` rules per folder, read once each. A path is tested against the `.gitignore` files of
 * its folder and of every folder above it up to the top: `top` when given (the language server's
 * workspace folder), otherwise the repository root (the nearest folder with `.git`), or, outside a
 * repository, the path's own folder.
 */
class GitIgnores {
  private rules = new Map<string, Ignore | null>();
  private tops = new Map<string, string>();
  constructor(private readonly top?: string) {}

  private *topOf(dir: string): Io<string> {
    if (this.top !== undefined) return dir === this.top || dir.startsWith(this.top + sep) ? this.top : dir;
    const hit = this.tops.get(dir);
    if (hit !== undefined) return hit;
    let top = dir;
    for (let d = dir; ; d = dirname(d)) {
      if (yield* fsExists(join(d, '.git'))) {
        top = d;
        break;
      }
      if (dirname(d) === d) break;
    }
    this.tops.set(dir, top);
    return top;
  }

  /** Folders from the top down to `dir`. */
  private *chain(dir: string): Io<string[]> {
    const top = yield* this.topOf(dir);
    const out: string[] = [];
    for (let d = dir; ; d = dirname(d)) {
      out.unshift(d);
      if (d === top || dirname(d) === d) break;
    }
    return out;
  }

  /** Read the rules that apply in `dir` (its own `.gitignore`: known absent when `entries` lists none). */
  *prepare(dir: string, entries?: Dirent[]): Io<void> {
    for (const d of yield* this.chain(dir)) {
      if (this.rules.has(d)) continue;
      let ig: Ignore | null = null;
      if (d !== dir || !entries || entries.some((e) => e.name === '.gitignore')) {
        try {
          ig = ignore().add(yield* fsRead(join(d, '.gitignore')));
        } catch {
          ig = null; // none here, or unreadable
        }
      }
      this.rules.set(d, ig);
    }
  }

  /** Is `abs` (a file or folder in a prepared folder) ignored? */
  *ignored(abs: string, isDir: boolean): Io<boolean> {
    let out = false;
    for (const d of yield* this.chain(dirname(abs))) {
      const ig = this.rules.get(d);
      if (!ig) continue;
      const r = ig.test(posix(relative(d, abs)) + (isDir ? '/' : ''));
      if (r.ignored) out = true;
      else if (r.unignored) out = false;
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// The walk.
// ---------------------------------------------------------------------------------------------

export interface WalkOptions {
  /** Exclude patterns with their base folders. */
  exclude?: ExcludeSet[];
  /** Honour `.gitignore` files. */
  gitignore?: boolean;
  /** The highest folder whose `.gitignore` counts (default: the repository root). */
  gitignoreTop?: string;
  /** Folder names never walked into (default SKIP_DIRS). */
  skipDirs?: ReadonlySet<string>;
  /** Follow symbolic links (a link back into a folder already walked is skipped); otherwise links are not read. */
  followSymlinks?: boolean;
  /** Stop early (cancellation): the files found so far are returned. */
  cancelled?: () => boolean;
  /** Notes worth telling the user (a symbolic-link cycle or a broken link skipped). */
  note?: (message: string) => void;
  /** How a path is named in notes (default: as it is). */
  display?: (path: string) => string;
  /** A folder that cannot be read: skipped unless this throws. */
  unreadable?: (dir: string, error: Error) => void;
  /** List *.yaml / *.yml entries that are neither files nor folders (named pipes, sockets, devices), for the caller to report; never read them. */
  special?: boolean;
}

/** One walk over one or more folders: a folder reached twice (through links) is read once. */
export class YamlWalk {
  private readonly seenDirs = new Set<string>();
  private readonly isExcluded: (abs: string) => boolean;
  private readonly git: GitIgnores | undefined;
  private readonly skipDirs: ReadonlySet<string>;
  private readonly display: (path: string) => string;

  constructor(private readonly opts: WalkOptions = {}) {
    this.isExcluded = opts.exclude?.length ? excluder(opts.exclude) : () => false;
    this.git = opts.gitignore ? new GitIgnores(opts.gitignoreTop) : undefined;
    this.skipDirs = opts.skipDirs ?? SKIP_DIRS;
    this.display = opts.display ?? ((p) => p);
  }

  /** Has this walk read the folder `dir` already (following links)? */
  walked(dir: string): boolean {
    try {
      return this.seenDirs.has(realpathSync(dir));
    } catch {
      return false;
    }
  }

  /** Every YAML file under `dir` (absolute paths, sorted by name within each folder). */
  *files(dir: string, viaLink = false): Io<string[]> {
    const found: string[] = [];
    yield* this.visit(dir, found, viaLink);
    return found;
  }

  private *visit(dir: string, found: string[], viaLink: boolean): Io<void> {
    if (this.opts.cancelled?.()) return;
    let entries: Dirent[];
    try {
      if (this.opts.followSymlinks) {
        const real = yield* fsRealpath(dir);
        if (this.seenDirs.has(real)) {
          if (viaLink) this.opts.note?.(`skipped ${this.display(dir)}: a symbolic link to a folder already read (${this.display(real)})`);
          return;
        }
        this.seenDirs.add(real);
      }
      entries = yield* fsReaddir(dir);
    } catch (e) {
      this.opts.unreadable?.(dir, e as Error);
      return;
    }
    if (this.git) yield* this.git.prepare(dir, entries);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        if (!this.opts.followSymlinks) continue;
        let st: Stats;
        try {
          st = yield* fsStat(p);
        } catch {
          this.opts.note?.(`skipped ${this.display(p)}: broken symbolic link`);
          continue;
        }
        isDir = st.isDirectory();
        isFile = st.isFile();
      }
      const special = !isDir && !isFile && !!this.opts.special;
      if (!isDir && !((isFile || special) && YAML_FILE.test(e.name))) continue;
      if (isDir && this.skipDirs.has(e.name)) continue;
      if (this.isExcluded(p)) continue;
      if (this.git && (yield* this.git.ignored(p, isDir))) continue;
      if (isDir) yield* this.visit(p, found, e.isSymbolicLink());
      else found.push(p);
      if (this.opts.cancelled?.()) return;
    }
  }

  /** Run a walk step synchronously (the CLI). */
  static sync<T>(io: Io<T>): T {
    return runSync(io);
  }
}

/** Every YAML file under `folder`, read without blocking (the language server): skipping SERVER_SKIP_DIRS, exclude globs relative to the folder, .gitignore files in it; links are not followed. */
export function walkYaml(folder: string, opts: { exclude: string[]; gitignore?: boolean; cancelled?: () => boolean }): Promise<string[]> {
  const walk = new YamlWalk({
    exclude: [{ patterns: opts.exclude, base: folder }],
    gitignore: opts.gitignore !== false,
    gitignoreTop: folder,
    skipDirs: SERVER_SKIP_DIRS,
    cancelled: opts.cancelled,
  });
  return runAsync(walk.files(folder));
}

/** Is `path` (a file under `folder`) ignored by a .gitignore between `folder` and it? For single files (watched-file events). */
export function isGitIgnored(folder: string, path: string): Promise<boolean> {
  if (!path.startsWith(folder + sep)) return Promise.resolve(false);
  const git = new GitIgnores(folder);
  return runAsync(
    (function* () {
      // The file, or a folder on its way, may be ignored.
      const parts = relative(folder, path).split(sep);
      for (let i = 0; i < parts.length; i++) {
        const p = join(folder, ...parts.slice(0, i + 1));
        yield* git.prepare(dirname(p));
        if (yield* git.ignored(p, i < parts.length - 1)) return true;
      }
      return false;
    })(),
  );
}

/** Would the server's walk of `folder` skip `path` for its exclude globs or a skipped folder on its way? (No file-system access.) */
export function isExcludedFile(folder: string, path: string, exclude: string[]): boolean {
  if (!path.startsWith(folder + sep)) return false;
  const excluded = exclude.length ? excluder([{ patterns: exclude, base: folder }]) : () => false;
  const parts = relative(folder, path).split(sep);
  for (let i = 0; i < parts.length; i++) {
    if (i < parts.length - 1 && SERVER_SKIP_DIRS.has(parts[i])) return true;
    if (excluded(join(folder, ...parts.slice(0, i + 1)))) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Reading for the language server.
// ---------------------------------------------------------------------------------------------

/** The text of a file (decoded as `decodeLenient`), or undefined when it cannot be read or is not a regular file (a named pipe would block). */
export async function readText(path: string): Promise<string | undefined> {
  try {
    if (!(await stat(path)).isFile()) return undefined;
    return decodeLenient(await readFile(path));
  } catch {
    return undefined;
  }
}

export type Candidate = { text: string } | { skip: 'not-kubernetes' | 'unreadable' } | { unreadable: string };

/**
 * Read a file for indexing, skipping it cheaply when it cannot matter: YAML without an
 * `apiVersion`/`kind` key is never parsed; a file over `maxFileSize` is read in full only when its
 * head looks like Kubernetes (it then gets its one "too large" finding).
 */
export async function readCandidate(path: string, maxFileSize: number): Promise<Candidate> {
  try {
    const st = await stat(path);
    if (!st.isFile()) return { skip: 'unreadable' };
    if (st.size > maxFileSize) {
      const fh = await open(path, 'r');
      try {
        const buf = Buffer.alloc(65536);
        const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
        if (!LOOKS_KUBERNETES.test(decodeLenient(buf.subarray(0, bytesRead)))) return { skip: 'not-kubernetes' };
      } finally {
        await fh.close();
      }
    }
    const read = decodeForLint(await readFile(path), path);
    if ('unreadable' in read) return read;
    if (!LOOKS_KUBERNETES.test(read.text)) return { skip: 'not-kubernetes' };
    return { text: read.text };
  } catch {
    return { skip: 'unreadable' };
  }
}

export function uriToPath(uri: string): string | undefined {
  try {
    const u = URI.parse(uri);
    return u.scheme === 'file' ? u.fsPath : undefined;
  } catch {
    return undefined;
  }
}

/** True when `path` is `folder` or lies under it (both absolute, as the platform spells them). */
export function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}
