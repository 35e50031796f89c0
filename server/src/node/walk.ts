/**
 * Node-only: discover the YAML files of a workspace folder for the language server, cheaply.
 * - Skips version-control, dependency and vendored folders (node_modules, vendor, .git, …).
 * - Honours `.gitignore` files (nested ones too), the editor's `files.exclude` and `meshLsp.exclude`.
 * - Walks asynchronously, so a big tree never blocks the server.
 * Reading and the quick Kubernetes check are in `readCandidate`.
 */
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import picomatch from 'picomatch';

export const SERVER_SKIP_DIRS = new Set(['node_modules', 'vendor', '.git', '.hg', '.svn', 'bower_components', '__pycache__']);
const YAML_FILE = /\.ya?ml$/i;

export interface WalkOptions {
  /** Globs relative to the folder (meshLsp.exclude and the enabled files.exclude entries). */
  exclude: string[];
  /** Honour .gitignore files (default true). */
  gitignore?: boolean;
  /** Stop early (cancellation). */
  cancelled?: () => boolean;
}

interface IgnoreRule {
  match: (rel: string) => boolean;
  negate: boolean;
  dirOnly: boolean;
}

interface IgnoreFile {
  /** Folder of the .gitignore, relative to the workspace folder ('' for the root). */
  base: string;
  rules: IgnoreRule[];
}

/** Parse a .gitignore into ordered rules (the last matching rule wins, `!` re-includes). */
export function parseGitignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (let line of text.split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue;
    line = line.replace(/(?<!\\)\s+$/, '');
    if (!line) continue;
    let negate = false;
    if (line.startsWith('!')) {
      negate = true;
      line = line.slice(1);
    } else if (line.startsWith('\\!') || line.startsWith('\\#')) line = line.slice(1);
    let dirOnly = false;
    if (line.endsWith('/')) {
      dirOnly = true;
      line = line.replace(/\/+$/, '');
    }
    if (!line) continue;
    const anchored = line.includes('/');
    const glob = anchored ? line.replace(/^\//, '') : `**/${line}`;
    rules.push({ match: picomatch(glob, { dot: true }), negate, dirOnly });
  }
  return rules;
}

function ignoredBy(stack: IgnoreFile[], rel: string, isDir: boolean): boolean {
  let ignored = false;
  for (const f of stack) {
    if (f.base && !rel.startsWith(f.base + '/')) continue;
    const sub = f.base ? rel.slice(f.base.length + 1) : rel;
    for (const r of f.rules) {
      if (r.dirOnly && !isDir) continue;
      if (r.match(sub)) ignored = !r.negate;
    }
  }
  return ignored;
}

/** Every YAML file under `folder` that is not skipped, excluded or git-ignored (absolute paths). */
export async function walkYaml(folder: string, opts: WalkOptions): Promise<string[]> {
  const excluded = opts.exclude.length ? picomatch(opts.exclude, { dot: true }) : () => false;
  const out: string[] = [];
  const visit = async (dir: string, rel: string, stack: IgnoreFile[]): Promise<void> => {
    if (opts.cancelled?.()) return;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (opts.gitignore !== false && entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      try {
        const rules = parseGitignore(await readFile(join(dir, '.gitignore'), 'utf8'));
        if (rules.length) stack = [...stack, { base: rel, rules }];
      } catch {
        /* unreadable: ignore it */
      }
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (SERVER_SKIP_DIRS.has(e.name) || excluded(childRel) || excluded(childRel + '/') || ignoredBy(stack, childRel, true)) continue;
        await visit(join(dir, e.name), childRel, stack);
      } else if (e.isFile() && YAML_FILE.test(e.name)) {
        if (excluded(childRel) || ignoredBy(stack, childRel, false)) continue;
        out.push(join(dir, e.name));
      }
    }
  };
  await visit(folder, '', []);
  return out;
}

/** Is `path` (a file under `folder`) ignored by a .gitignore between `folder` and it? For single files (watched-file events). */
export async function isGitIgnored(folder: string, path: string): Promise<boolean> {
  if (!path.startsWith(folder + '/')) return false;
  const parts = path.slice(folder.length + 1).split('/');
  const stack: IgnoreFile[] = [];
  for (let i = 0; i < parts.length; i++) {
    const base = parts.slice(0, i).join('/');
    try {
      const rules = parseGitignore(await readFile(join(folder, base, '.gitignore'), 'utf8'));
      if (rules.length) stack.push({ base, rules });
    } catch {
      /* no .gitignore here */
    }
    const rel = parts.slice(0, i + 1).join('/');
    if (ignoredBy(stack, rel, i < parts.length - 1)) return true;
  }
  return false;
}

/** Does the text look like it holds a Kubernetes object (an `apiVersion:` or `kind:` key anywhere)? */
export const LOOKS_KUBERNETES = /(?:^|[\s{,])["']?(?:apiVersion|kind)["']?\s*:/m;

export type Candidate = { text: string } | { skip: 'not-kubernetes' | 'unreadable' };

/**
 * Read a file for indexing, skipping it cheaply when it cannot matter: YAML without an
 * `apiVersion`/`kind` key is never parsed; a file over `maxFileSize` is read in full only when its
 * head looks like Kubernetes (it then gets its one "too large" finding).
 */
export async function readCandidate(path: string, maxFileSize: number): Promise<Candidate> {
  try {
    const st = await stat(path);
    if (st.size > maxFileSize) {
      const fh = await open(path, 'r');
      try {
        const buf = Buffer.alloc(65536);
        const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
        if (!LOOKS_KUBERNETES.test(buf.subarray(0, bytesRead).toString('utf8'))) return { skip: 'not-kubernetes' };
      } finally {
        await fh.close();
      }
    }
    const text = await readFile(path, 'utf8');
    if (!LOOKS_KUBERNETES.test(text)) return { skip: 'not-kubernetes' };
    return { text };
  } catch {
    return { skip: 'unreadable' };
  }
}
