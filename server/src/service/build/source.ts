/**
 * The builds the core makes itself, as the workspace asks for them (see `BuildSource`): the
 * Kustomize roots among the files, each root's build, and the files applied by none.
 */
import { dirOf, isKustomizationUri, resolveEntry } from '../kustomize';
import type { FileEntry } from '../lookup';
import { kustomizeRoots } from './discover';
import { buildKustomization, type TextSource } from './kustomize';
import type { Build, BuildSource } from './types';

export function kustomizeSource(text?: TextSource): BuildSource {
  return {
    discover(files: Iterable<FileEntry>, file: (uri: string) => FileEntry | undefined) {
      const uris: string[] = [];
      for (const f of files) uris.push(f.uri);
      return { roots: kustomizeRoots(uris, file) };
    },
    build(root: string, file: (uri: string) => FileEntry | undefined): Build {
      return buildKustomization(root, file, text);
    },
  };
}

/**
 * YAML files that lie in a kustomization's folder (or in a folder a kustomization takes patches
 * from) but that no build reads: applied by nobody.
 */
export function unreferencedFiles(uris: readonly string[], builds: readonly Build[], file: (uri: string) => FileEntry | undefined): string[] {
  const read = new Set<string>();
  for (const b of builds) for (const i of b.inputs) read.add(i);
  const dirs = new Set<string>();
  for (const u of uris) {
    if (!isKustomizationUri(u)) continue;
    dirs.add(dirOf(u));
    const k = file(u)?.kustomization;
    for (const p of k?.patches ?? []) {
      const r = resolveEntry(k!.dir, p);
      if (r && read.has(r)) dirs.add(dirOf(r));
    }
  }
  return uris.filter((u) => /\.ya?ml$/i.test(u) && !isKustomizationUri(u) && !read.has(u) && dirs.has(dirOf(u)));
}
