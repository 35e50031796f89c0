/**
 * Input collection for the CLI: files, directories (walked for *.yaml / *.yml), globs and `-`
 * (stdin). Folders are walked by the shared loader (server/src/node/loader.ts): symbolic links
 * are followed once (a link back into a folder already walked is skipped), `.gitignore` files are
 * honoured unless told otherwise, and exclude patterns are resolved against the folder they were
 * written for. Problems with the inputs are usage errors (exit code 2).
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { DecodeError, decode, type Encoding, type ExcludeSet, globBase, YamlWalk } from '../node/loader';
import { UsageError } from './io';

export type { ExcludeSet } from '../node/loader';
export { UsageError } from './io';

export interface CollectOptions {
  exclude?: ExcludeSet[];
  /** Honour .gitignore files (the CLI does unless --no-ignore). */
  gitignore?: boolean;
  /** Called for notes worth telling the user (a symlink cycle skipped). */
  note?: (message: string) => void;
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
      if (!matched.length) throw new UsageError(`no YAML files match ${input}`);
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
      if (!found.length)
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

/** Read and decode an input file (or stdin for `-`); remembers its encoding for writing back. */
export function readInput(path: string): string {
  let buf: Buffer;
  try {
    buf = path === '-' ? readFileSync(0) : readFileSync(path);
  } catch (e) {
    throw new UsageError(`cannot read ${path === '-' ? 'standard input' : path}: ${(e as Error).message}`);
  }
  try {
    const { text, encoding } = decode(buf, path === '-' ? 'standard input' : path);
    encodings.set(path, encoding);
    return text;
  } catch (e) {
    throw e instanceof DecodeError ? new UsageError(e.message) : e;
  }
}
