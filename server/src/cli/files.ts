/**
 * Input collection for the CLI: files, directories (walked for *.yaml / *.yml), globs and `-`
 * (stdin). Folders are walked by the shared loader (server/src/node/loader.ts): symbolic links
 * are followed once (a link back into a folder already walked is skipped), `.gitignore` files are
 * honoured unless told otherwise, and exclude patterns are resolved against the folder they were
 * written for. Problems with the inputs (a path that does not exist, no YAML files) are usage errors
(exit code 2); a file found that cannot be read or decoded is reported as a finding instead.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { decodeForLint, type Encoding } from '../node/decode';
import { type ExcludeSet, globBase, YamlWalk } from '../node/loader';
import { UsageError } from './io';

export type { ExcludeSet } from '../node/loader';
export { UsageError } from './io';

export interface CollectOptions {
  exclude?: ExcludeSet[];
  /** Honour .gitignore files (the CLI does unless --no-ignore). */
  gitignore?: boolean;
  /** Called for notes worth telling the user (a symlink cycle skipped). */
  note?: (message: string) => void;
  /** A folder or glob without YAML files is no error (context folders, which may hold none). */
  allowEmpty?: boolean;
}

const posix = (p: string) => p.split(sep).join('/');

/** Resolve CLI inputs to absolute file paths (in order, unique). `-` is returned as is. */
export function collectFiles(inputs: string[], excludeGlobs: string[] | ExcludeSet[] = [], cwd = process.cwd(), opts: CollectOptions = {}): string[] {
  const sets: ExcludeSet[] =
    excludeGlobs.length && typeof excludeGlobs[0] === 'string' ? [{ patterns: excludeGlobs as string[], base: cwd }] : (excludeGlobs as ExcludeSet[]);
  const shown = (p: string) => relative(cwd, p) || p;
  const walker = new YamlWalk({
    exclude: [...sets, ...(opts.exclude ?? [])],
    gitignore: opts.gitignore,
    followSymlinks: true,
    note: opts.note,
    display: shown,
    special: true,
    unreadable: (dir, e) => {
      throw new UsageError(`cannot read directory ${shown(dir)}: ${e.message}`);
    },
  });
  const walk = (dir: string) => YamlWalk.sync(walker.files(dir));
  const seenFiles = new Set<string>();
  const out: string[] = [];

  const add = (p: string) => {
    let real = p;
    try {
      real = realpathSync(p);
    } catch {
      /* keep p */
    }
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    out.push(p);
  };

  for (const input of inputs) {
    if (input === '-') {
      out.push('-');
      continue;
    }
    if (/[*?[\]{}]/.test(input) && !existsSync(resolve(cwd, input))) {
      const base = resolve(cwd, globBase(input));
      const match = picomatch(posix(resolve(cwd, input)), { dot: false });
      let found: string[] = [];
      try {
        if (statSync(base).isDirectory()) found = walk(base);
      } catch (e) {
        if (e instanceof UsageError) throw e;
      }
      const matched = found.filter((f) => match(posix(f)));
      if (!matched.length && !opts.allowEmpty) throw new UsageError(`no YAML files match ${input}`);
      matched.forEach(add);
      continue;
    }
    const abs = resolve(cwd, input);
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(abs);
    } catch {
      throw new UsageError(`no such file or directory: ${input}`);
    }
    if (st.isDirectory()) {
      // A folder given twice (or inside one given before) is read once.
      if (walker.walked(abs)) continue;
      const found = walk(abs);
      if (!found.length && !opts.allowEmpty)
        throw new UsageError(
          `no YAML files (*.yaml, *.yml) in ${input}${sets.length || opts.exclude?.length || opts.gitignore ? ' (after exclude patterns and .gitignore; --no-ignore lints ignored files)' : ''}`,
        );
      found.forEach(add);
    } else add(abs);
  }
  return out;
}

/** The encoding each input was read in, so that fixes are written back the same way. */
export const encodings = new Map<string, Encoding>();

/** Reads the bytes of an input file (tests pass their own to simulate read errors). */
export type ReadBytes = (path: string) => Buffer;

/** What a file is, when it is not a regular file (never opened: a named pipe would block). */
function specialKind(path: string): string | undefined {
  const st = statSync(path);
  if (st.isFile()) return undefined;
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a file';
}

/** Node's error message without the path it repeats (`ENOENT: no such file or directory`). */
const errorText = (e: unknown) => ((e as Error)?.message ?? String(e)).replace(/, \w+ '.*'$/s, '');

class NotRegularFile extends Error {}

const readRegular: ReadBytes = (path) => {
  const kind = specialKind(path);
  if (kind) throw new NotRegularFile(kind);
  return readFileSync(path);
};

/**
 * Read and decode an input file for linting (or stdin for `-`), remembering its encoding for
 * writing back. A file that cannot be read or decoded is not a usage error: the reason is
 * returned, and the file is reported (rule file-unreadable) while the others are analysed
 * (bytes that are not text and show no `apiVersion`/`kind` are read leniently, and then ignored
 * as YAML without Kubernetes objects is: see `decodeForLint`).
 */
export function readLintInput(path: string, read: ReadBytes = readRegular): { text: string } | { unreadable: string } {
  let buf: Buffer;
  try {
    buf = path === '-' ? readFileSync(0) : read(path);
  } catch (e) {
    if (e instanceof NotRegularFile) return { unreadable: `not a regular file (${e.message})` };
    return { unreadable: `cannot read it (${errorText(e)})` };
  }
  const decoded = decodeForLint(buf, path === '-' ? 'standard input' : path);
  if ('text' in decoded && decoded.encoding) encodings.set(path, decoded.encoding);
  return 'text' in decoded ? { text: decoded.text } : decoded;
}

/** Read and decode an input file (or stdin for `-`) that a command cannot do without: a file that cannot be read or decoded is a usage error. */
export function readInput(path: string): string {
  const r = readLintInput(path);
  if ('unreadable' in r) throw new UsageError(`${path === '-' ? 'standard input' : path}: ${r.unreadable}`);
  return r.text;
}
