/**
 * Input collection for the CLI: files, directories (walked for *.yaml / *.yml), globs and `-`
 * (stdin). Symbolic links are followed once (a link back into a folder already walked is
 * skipped), `.gitignore` files are honoured unless told otherwise, and exclude patterns are
 * resolved against the folder they were written for.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import ignore, { type Ignore } from 'ignore';

export const SKIP_DIRS = new Set(['node_modules', '.git']);
const YAML_FILE = /\.ya?ml$/i;

export class UsageError extends Error {}

/** Exclude patterns with the folder they are relative to (the config file's folder, or the working directory for CLI patterns). */
export interface ExcludeSet {
  patterns: string[];
  base: string;
}

export interface CollectOptions {
  exclude?: ExcludeSet[];
  /** Honour .gitignore files (the CLI does unless --no-ignore; the language server's folder walk does not). */
  gitignore?: boolean;
  /** Called for notes worth telling the user (a symlink cycle skipped). */
  note?: (message: string) => void;
}

const posix = (p: string) => p.split(sep).join('/');

function excluder(sets: ExcludeSet[]): (abs: string) => boolean {
  const matchers = sets.flatMap((s) =>
    s.patterns.map((p) => {
      // Relative patterns are resolved against their base folder; absolute ones are used as they are.
      const full = posix(isAbsolute(p) ? p : resolve(s.base, p));
      const m = picomatch(full, { dot: true });
      const prefix = /[*?[\]{}!]/.test(full) ? undefined : full.replace(/\/$/, '') + '/';
      return (abs: string) => m(posix(abs)) || (prefix !== undefined && posix(abs).startsWith(prefix));
    }),
  );
  return (abs) => matchers.some((m) => m(abs));
}

/** .gitignore rules, per folder, from the repository root (the nearest folder with .git) down. */
class GitIgnores {
  private cache = new Map<string, Ignore | null>();
  private root(dir: string): string | undefined {
    for (let d = dir; ; d = dirname(d)) {
      if (existsSync(join(d, '.git'))) return d;
      if (dirname(d) === d) return undefined;
    }
  }
  private rules(dir: string): Ignore | null {
    let hit = this.cache.get(dir);
    if (hit !== undefined) return hit;
    hit = null;
    const f = join(dir, '.gitignore');
    if (existsSync(f)) {
      try {
        hit = ignore().add(readFileSync(f, 'utf8'));
      } catch {
        hit = null;
      }
    }
    this.cache.set(dir, hit);
    return hit;
  }
  ignored(abs: string, isDir: boolean): boolean {
    const start = dirname(abs);
    const top = this.root(start) ?? start;
    const chain: string[] = [];
    for (let d = start; ; d = dirname(d)) {
      chain.unshift(d);
      if (d === top || dirname(d) === d) break;
    }
    let out = false;
    for (const d of chain) {
      const ig = this.rules(d);
      if (!ig) continue;
      const rel = posix(relative(d, abs)) + (isDir ? '/' : '');
      const r = ig.test(rel);
      if (r.ignored) out = true;
      else if (r.unignored) out = false;
    }
    return out;
  }
}

/** Resolve CLI inputs to absolute file paths (in order, unique). `-` is returned as is. */
export function collectFiles(inputs: string[], excludeGlobs: string[] | ExcludeSet[] = [], cwd = process.cwd(), opts: CollectOptions = {}): string[] {
  const sets: ExcludeSet[] = excludeGlobs.length && typeof excludeGlobs[0] === 'string' ? [{ patterns: excludeGlobs as string[], base: cwd }] : (excludeGlobs as ExcludeSet[]);
  const isExcluded = excluder([...sets, ...(opts.exclude ?? [])]);
  const git = opts.gitignore ? new GitIgnores() : undefined;
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  const out: string[] = [];

  const walk = (dir: string, found: string[], viaLink = false) => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (e) {
      throw new UsageError(`cannot read directory ${relative(cwd, dir) || dir}: ${(e as Error).message}`);
    }
    if (seenDirs.has(real)) {
      if (viaLink) opts.note?.(`skipped ${relative(cwd, dir) || dir}: a symbolic link to a folder already read (${relative(cwd, real) || real})`);
      return;
    }
    seenDirs.add(real);
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      throw new UsageError(`cannot read directory ${relative(cwd, dir) || dir}: ${(e as Error).message}`);
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        let st: Stats;
        try {
          st = statSync(p);
        } catch {
          opts.note?.(`skipped ${relative(cwd, p)}: broken symbolic link`);
          continue;
        }
        isDir = st.isDirectory();
        isFile = st.isFile();
      }
      if (isExcluded(p)) continue;
      if (git?.ignored(p, isDir)) continue;
      if (isDir) {
        if (!SKIP_DIRS.has(e.name)) walk(p, found, e.isSymbolicLink());
      } else if (isFile && YAML_FILE.test(e.name)) found.push(p);
    }
  };

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
      const found: string[] = [];
      try {
        if (statSync(base).isDirectory()) walk(base, found);
      } catch (e) {
        if (e instanceof UsageError) throw e;
      }
      const matched = found.filter((f) => match(posix(f)));
      if (!matched.length) throw new UsageError(`no YAML files match ${input}`);
      matched.forEach(add);
      continue;
    }
    const abs = resolve(cwd, input);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new UsageError(`no such file or directory: ${input}`);
    }
    if (st.isDirectory()) {
      const found: string[] = [];
      if (seenDirs.has(realpathSync(abs))) continue;
      walk(abs, found);
      if (!found.length) throw new UsageError(`no YAML files (*.yaml, *.yml) in ${input}${sets.length || opts.exclude?.length || git ? ' (after exclude patterns and .gitignore; --no-ignore lints ignored files)' : ''}`);
      found.forEach(add);
    } else add(abs);
  }
  return out;
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

/** How a file was encoded, so a fixed file is written back the same way. */
export interface Encoding {
  name: 'utf8' | 'utf16le' | 'utf16be' | 'utf32le' | 'utf32be';
  bom: boolean;
}

/** Decode YAML bytes: UTF-8 (with or without a BOM), UTF-16 and UTF-32 with a BOM, as YAML allows. Throws for binary data. */
export function decode(buf: Buffer, label: string): { text: string; encoding: Encoding } {
  const b = buf;
  let enc: Encoding = { name: 'utf8', bom: false };
  let body = b;
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) enc = { name: 'utf32le', bom: true };
  else if (b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) enc = { name: 'utf32be', bom: true };
  else if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) enc = { name: 'utf16le', bom: true };
  else if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) enc = { name: 'utf16be', bom: true };
  else if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) enc = { name: 'utf8', bom: true };
  let text: string;
  if (enc.name === 'utf8') {
    body = enc.bom ? b.subarray(3) : b;
    if (body.includes(0)) throw new UsageError(`${label} is not a text file (it contains NUL bytes)`);
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      throw new UsageError(`${label} is not UTF-8 text (and has no UTF-16/UTF-32 byte order mark)`);
    }
  } else if (enc.name === 'utf16le' || enc.name === 'utf16be') {
    body = b.subarray(2);
    if (body.length % 2) throw new UsageError(`${label}: truncated UTF-16 text`);
    const le = enc.name === 'utf16le' ? Buffer.from(body) : Buffer.from(body).swap16();
    text = le.toString('utf16le');
  } else {
    body = b.subarray(4);
    if (body.length % 4) throw new UsageError(`${label}: truncated UTF-32 text`);
    const cps: number[] = [];
    for (let i = 0; i < body.length; i += 4) cps.push(enc.name === 'utf32le' ? body.readUInt32LE(i) : body.readUInt32BE(i));
    try {
      text = String.fromCodePoint(...cps);
    } catch {
      throw new UsageError(`${label}: invalid UTF-32 text`);
    }
  }
  return { text, encoding: enc };
}

/** Encode a text the way it was read. */
export function encode(text: string, enc: Encoding): Buffer {
  switch (enc.name) {
    case 'utf8':
      return Buffer.from((enc.bom ? '\uFEFF' : '') + text, 'utf8');
    case 'utf16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf16be':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    default: {
      const cps = [...text].map((c) => c.codePointAt(0)!);
      const out = Buffer.alloc(4 + cps.length * 4);
      if (enc.name === 'utf32le') {
        out.writeUInt32LE(0xfeff, 0);
        cps.forEach((c, i) => out.writeUInt32LE(c, 4 + i * 4));
      } else {
        out.writeUInt32BE(0xfeff, 0);
        cps.forEach((c, i) => out.writeUInt32BE(c, 4 + i * 4));
      }
      return out;
    }
  }
}

export const encodings = new Map<string, Encoding>();

/** Read and decode an input file (or stdin for `-`); remembers its encoding for writing back. */
export function readInput(path: string): string {
  let buf: Buffer;
  try {
    buf = path === '-' ? readFileSync(0) : readFileSync(path);
  } catch (e) {
    throw new UsageError(`cannot read ${path === '-' ? 'standard input' : path}: ${(e as Error).message}`);
  }
  const { text, encoding } = decode(buf, path === '-' ? 'standard input' : path);
  encodings.set(path, encoding);
  return text;
}
