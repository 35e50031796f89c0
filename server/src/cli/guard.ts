/**
 * Where the CLI may write. A linted tree can hold symbolic links that point anywhere (`k8s/x.yaml
 * -> ../../outside.yaml`, a linked folder): reading through them is fine, writing is not.
 * - Fixes and canary steps write only files whose real path lies inside an input root: the real
 *   path of a file, folder or glob base given on the command line.
 * - `--output-file` is never one of the linted files (it would replace an input with the report),
 *   and is never written through a symbolic link to a file: a link in an untrusted checkout must
 *   not redirect the report elsewhere. The system's links to descriptors (`/dev/stdout`,
 *   `/dev/fd/N`) and links to devices or pipes are written as usual.
 */
import { closeSync, constants, lstatSync, openSync, realpathSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { globBase, isInside } from '../node/loader';
import { UsageError } from './io';

const GLOB = /[*?[\]{}]/;

const realOrSelf = (p: string): string => {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
};

/** The real paths of the inputs given on the command line (a glob stands for its literal base folder). */
export function inputRoots(inputs: string[], cwd: string): string[] {
  const roots = new Set<string>();
  for (const input of inputs) {
    if (input === '-') continue;
    const abs = resolve(cwd, input);
    let exists = true;
    try {
      statSync(abs);
    } catch {
      exists = false;
    }
    roots.add(realOrSelf(!exists && GLOB.test(input) ? resolve(cwd, globBase(input)) : abs));
  }
  return [...roots];
}

/**
 * Why `file` may not be written (its real path lies outside every root), or undefined when it may.
 * `shown` turns a path into the form the user reads.
 */
export function outsideRoots(file: string, roots: string[], shown: (p: string) => string): string | undefined {
  const real = realOrSelf(file);
  if (roots.some((r) => isInside(real, r))) return undefined;
  return `its real path ${shown(real)} lies outside the paths given on the command line (reached through a symbolic link); give that path on the command line to change it`;
}

/**
 * Check `--output-file` before anything is read or written: the absolute path to write, or a
 * UsageError (exit 2) when it is one of the inputs or a symbolic link to a regular file.
 */
export function checkOutputFile(output: string, cwd: string, inputs: string[]): string {
  const abs = resolve(cwd, output);
  let link = false;
  try {
    link = lstatSync(abs).isSymbolicLink();
  } catch {
    /* not there yet */
  }
  if (link) {
    let target: ReturnType<typeof statSync> | undefined;
    try {
      target = statSync(abs);
    } catch {
      /* a dangling link would create its target */
    }
    // The system's own links name the process's descriptors (`/dev/stdout`, `/dev/fd/3`, `/proc/self/fd/1`).
    const system = /^\/(dev|proc)\//.test(abs);
    if (!system && (!target || target.isFile() || target.isDirectory()))
      throw new UsageError(
        `refusing to write the report to ${output}: it is a symbolic link${target ? ` to ${realOrSelf(abs)}` : ' to a file that does not exist'}; give the path of the file itself`,
      );
    return abs;
  }
  // A file that does not exist yet cannot be an input; its folder may be reached through links.
  let real: string;
  try {
    real = realpathSync(abs);
  } catch {
    real = join(realOrSelf(dirname(abs)), basename(abs));
  }
  for (const input of inputs)
    if (input !== '-' && realOrSelf(input) === real)
      throw new UsageError(`refusing to write the report to ${output}: it is one of the files being linted (the report would replace it)`);
  return abs;
}

/** Write the report to a path checked by checkOutputFile, without following a link created since. */
export function writeOutputFile(path: string, text: string): void {
  let link = false;
  try {
    link = lstatSync(path).isSymbolicLink();
  } catch {
    /* new file */
  }
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (link ? 0 : constants.O_NOFOLLOW), 0o666);
  try {
    const buf = Buffer.from(text);
    for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off);
  } finally {
    closeSync(fd);
  }
}
