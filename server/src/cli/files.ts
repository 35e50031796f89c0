/** Input collection for the CLI: files, directories (walked for *.yaml / *.yml), globs and `-` (stdin). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import picomatch from 'picomatch';

export const SKIP_DIRS = new Set(['node_modules', '.git']);
const YAML_FILE = /\.ya?ml$/i;

export class UsageError extends Error {}

function walk(dir: string, out: string[], exclude: (p: string) => boolean): void {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new UsageError(`cannot read directory ${dir}: ${(e as Error).message}`);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (exclude(p)) continue;
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) walk(p, out, exclude);
    } else if (e.isFile() && YAML_FILE.test(e.name)) out.push(p);
  }
}

function globBase(pattern: string): string {
  const parts = pattern.split(/[\\/]/);
  const base: string[] = [];
  for (const p of parts) {
    if (/[*?[\]{}!]/.test(p)) break;
    base.push(p);
  }
  return base.join('/') || '.';
}

/** Resolve CLI inputs to absolute file paths (sorted, unique). `-` is returned as is. */
export function collectFiles(inputs: string[], excludeGlobs: string[] = [], cwd = process.cwd()): string[] {
  const isExcluded = excludeGlobs.length ? picomatch(excludeGlobs, { dot: true }) : () => false;
  const exclude = (abs: string) => {
    if (!excludeGlobs.length) return false;
    const rel = abs.startsWith(cwd + sep) ? abs.slice(cwd.length + 1) : abs;
    return isExcluded(rel.split(sep).join('/'));
  };
  const out: string[] = [];
  for (const input of inputs) {
    if (input === '-') {
      out.push('-');
      continue;
    }
    if (/[*?[\]{}]/.test(input)) {
      const base = resolve(cwd, globBase(input));
      const match = picomatch(resolve(cwd, input).split(sep).join('/'), { dot: false });
      const found: string[] = [];
      try {
        if (statSync(base).isDirectory()) walk(base, found, exclude);
      } catch {
        /* no base: no match */
      }
      const matched = found.filter((f) => match(f.split(sep).join('/')));
      if (!matched.length) throw new UsageError(`no files match ${input}`);
      out.push(...matched);
      continue;
    }
    const abs = resolve(cwd, input);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new UsageError(`no such file or directory: ${input}`);
    }
    if (st.isDirectory()) walk(abs, out, exclude);
    else out.push(abs);
  }
  return [...new Set(out)];
}

export function readInput(path: string): string {
  try {
    return path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path === '-' ? 'standard input' : path}: ${(e as Error).message}`);
  }
}
