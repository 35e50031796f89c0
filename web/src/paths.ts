/**
 * File paths of the playground's workspace. A share link is anyone's text: its paths end up in
 * the editor's model URIs, in the `# file:` comments of Download .yaml and as entry names of
 * Download .zip. A path is kept only as a relative name of plain segments: no control characters
 * (a line break would write YAML lines of its own), no `.` or `..` segment (a zip entry
 * `../../.bashrc` is written outside the folder it is unpacked into), no leading `/`, `\` or
 * drive letter, and unique (`a.yaml` and `/a.yaml` are one model URI).
 */

/** Control characters, line and paragraph separators, and bidirectional overrides (which make a name read differently). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');

/** Why a path cannot be used as written, or undefined. */
function problem(raw: string): string | undefined {
  if (UNSAFE.test(raw)) return 'control characters (such as a line break) are not allowed in a file name';
  const segs = raw.split(/[\\/]/);
  if (segs.some((s) => s === '..')) return 'a ".." segment would point outside the workspace';
  if (/^[\\/]/.test(raw) || /^[A-Za-z]:/.test(raw)) return 'paths are relative to the workspace (no leading "/" or drive)';
  if (raw.includes('\\')) return '"/" separates folders ("\\" is not allowed)';
  if (segs.some((s) => s === '' || s === '.')) return 'empty or "." folder names are not allowed';
  return undefined;
}

/** Normalise a path typed by the user: surrounding spaces and leading slashes dropped; the reason when it still cannot be used. */
export function checkPath(raw: string): { path: string } | { error: string } {
  const p = raw.trim().replace(/^\/+/, '');
  if (!p) return { error: 'the name is empty' };
  const why = problem(p);
  return why ? { error: `${JSON.stringify(raw)}: ${why}` } : { path: p };
}

/** A usable path made from any text: unsafe characters become `_`, `\` becomes `/`, empty, `.` and `..` segments and a drive go. */
export function safePath(raw: string): string {
  const segs = raw
    .replace(UNSAFE_ALL, '_')
    .replace(/^[A-Za-z]:/, '')
    .split(/[\\/]/)
    .map((s) => s.trim())
    .filter((s) => s && s !== '.' && s !== '..');
  return segs.join('/') || 'file.yaml';
}

/** `name-2.yaml`, `name-3.yaml`, … : the first that `taken` does not hold. */
function unique(path: string, taken: Set<string>): string {
  if (!taken.has(path)) return path;
  const m = /^(.*?)(\.[^./]*)?$/.exec(path)!;
  for (let i = 2; ; i++) {
    const p = `${m[1]}-${i}${m[2] ?? ''}`;
    if (!taken.has(p)) return p;
  }
}

export interface SafeFiles<F extends { path: string }> {
  files: F[];
  /** One line per file renamed, for the page to show. */
  notes: string[];
  /** Old path → new path, for the `active` file of a link. */
  renamed: Map<string, string>;
}

/**
 * Make every path of a workspace usable and unique, renaming (never dropping) files whose path is
 * not: `"a\nkind: x"` → `a_kind: x`, `../../.bashrc` → `.bashrc`, a second `a.yaml` → `a-2.yaml`.
 */
export function safeFiles<F extends { path: string }>(files: F[]): SafeFiles<F> {
  const taken = new Set<string>();
  const notes: string[] = [];
  const renamed = new Map<string, string>();
  const out = files.map((f) => {
    const why = f.path.trim() ? problem(f.path.trim()) : 'the name is empty';
    let path = why ? safePath(f.path) : f.path.trim();
    const dup = taken.has(path);
    path = unique(path, taken);
    taken.add(path);
    if (path !== f.path) {
      notes.push(`${JSON.stringify(f.path)} opened as ${path}: ${why ?? (dup ? 'a file of that name came before' : 'spaces around the name dropped')}`);
      if (!renamed.has(f.path)) renamed.set(f.path, path);
    }
    return path === f.path ? f : { ...f, path };
  });
  return { files: out, notes, renamed };
}
