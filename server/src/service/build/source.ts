/**
 * The builds the core makes itself, as the workspace asks for them (see `BuildSource`): the
 * Kustomize roots among the files and each root's build (the files applied by none come from
 * `unreferencedFiles` in discover.ts).
 */
import type { FileEntry } from '../lookup';
import { kustomizeRoots } from './discover';
import { buildKustomization } from './kustomize';
import type { TextSource } from './load';
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
