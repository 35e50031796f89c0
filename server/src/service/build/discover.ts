/**
 * The Kustomize builds of a workspace: every root kustomization (one no other kustomization
 * includes through resources, bases or components) is a build; a YAML file that lies in a
 * kustomization's folder (or in a folder a kustomization takes patches from) but that no build
 * reads is applied by nobody.
 */
import { dirOf, isKustomizationUri, KUSTOMIZATION_NAMES, readKustomization, resolveEntry } from '../kustomize';
import { buildKustomization } from './kustomize';
import type { FileSource, TextSource } from './load';
import type { Build } from './types';

export interface KustomizeBuilds {
  builds: Build[];
  /** YAML files beside kustomizations (or among their patches) that no build reads. */
  unreferenced: string[];
}

/** Root kustomizations among `uris` (Components are never roots: they are built only into others). */
export function kustomizeRoots(uris: Iterable<string>, file: FileSource): string[] {
  const all = [...uris];
  const ks = all.filter(isKustomizationUri);
  const known = new Set(ks);
  const included = new Set<string>();
  const components = new Set<string>();
  for (const u of ks) {
    const entry = file(u);
    if (!entry) continue;
    const k =
      entry.kustomization ??
      readKustomization(
        u,
        (entry.docs.length ? entry.docs : entry.facts.parsed).map((d) => d.doc),
      );
    if (!k) continue;
    if (/^kind:\s*Component\s*$/m.test(entry.text)) components.add(u);
    for (const e of k.resources) {
      const r = resolveEntry(k.dir, e);
      if (!r) continue;
      const asFile = r.replace(/\/$/, '');
      if (known.has(asFile)) included.add(asFile);
      for (const n of KUSTOMIZATION_NAMES) if (known.has(`${asFile}/${n}`)) included.add(`${asFile}/${n}`);
    }
  }
  return ks.filter((u) => !included.has(u) && !components.has(u)).sort();
}

export function discoverKustomizeBuilds(uris: Iterable<string>, file: FileSource, text?: TextSource): KustomizeBuilds {
  const all = [...uris];
  const builds = kustomizeRoots(all, file).map((r) => buildKustomization(r, file, text));
  return { builds, unreferenced: unreferencedFiles(all, builds, file) };
}

/**
 * YAML files that lie in a kustomization's folder (or in a folder a kustomization takes patches
 * from) but that none of `builds` reads: applied by nobody.
 */
export function unreferencedFiles(all: readonly string[], builds: readonly Build[], file: FileSource): string[] {
  const read = new Set<string>();
  for (const b of builds) for (const i of b.inputs) read.add(i);
  const dirs = new Set<string>();
  for (const u of all) if (isKustomizationUri(u)) dirs.add(dirOf(u));
  // Folders a kustomization takes patches from count as its folders too.
  for (const u of all) {
    if (!isKustomizationUri(u)) continue;
    const k = file(u)?.kustomization;
    for (const p of k?.patches ?? []) {
      const r = resolveEntry(k!.dir, p);
      if (r && read.has(r)) dirs.add(dirOf(r));
    }
  }
  return all.filter((u) => /\.ya?ml$/i.test(u) && !isKustomizationUri(u) && !read.has(u) && dirs.has(dirOf(u))).sort();
}
