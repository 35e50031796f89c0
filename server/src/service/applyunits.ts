/**
 * Apply units: the sets of files that are applied to a cluster together. Duplicates and
 * conflicts (duplicate-resource, conflicting-virtualservice, conflicting-gateways, ...)
 * only make sense inside one unit; links (VS -> DR subset -> workload, VS -> Gateway)
 * still resolve across the whole workspace.
 *
 *  - A file that a kustomization builds belongs to each root build that includes it
 *    (a root is a kustomization no other kustomization includes): a base shared by two
 *    overlays is in both overlays' units, and the overlays are separate units.
 *  - Any other file belongs to its folder, as `kubectl apply -f folder/` applies it
 *    (not recursive) ...
 *  - ... unless the folder holds the same object (kind, namespace, name) in two files:
 *    such a folder holds alternative versions of a file (tutorial steps, example
 *    variants) that are never applied together, and each of its files is a unit alone.
 */
import type { KustomizeIndex } from './kustomize';
import { dirOf } from './kustomize';

export interface UnitFile {
  uri: string;
  resources: readonly { key: string; name?: string }[];
}

export function computeApplyUnits(files: Iterable<UnitFile>, kz: KustomizeIndex | undefined): Map<string, string[]> {
  const units = new Map<string, string[]>();
  const byDir = new Map<string, UnitFile[]>();
  for (const f of files) {
    const builds = kz?.builds.get(f.uri);
    if (builds?.size) {
      units.set(
        f.uri,
        [...builds].map((b) => `build:${b}`),
      );
      continue;
    }
    const d = dirOf(f.uri);
    const list = byDir.get(d);
    if (list) list.push(f);
    else byDir.set(d, [f]);
  }
  for (const [dir, list] of byDir) {
    const owner = new Map<string, string>();
    let alternatives = false;
    for (const f of list) {
      for (const r of f.resources) {
        if (!r.name) continue;
        const prev = owner.get(r.key);
        if (prev !== undefined && prev !== f.uri) {
          alternatives = true;
          break;
        }
        owner.set(r.key, f.uri);
      }
      if (alternatives) break;
    }
    for (const f of list) units.set(f.uri, [alternatives ? `file:${f.uri}` : `dir:${dir}`]);
  }
  return units;
}

/** How two files share an apply unit: the same file, a kustomization build, or only a folder. */
export function sharedUnitKind(a: readonly string[] | undefined, b: readonly string[] | undefined): 'build' | 'dir' | 'file' | undefined {
  if (!a || !b) return undefined;
  let kind: 'build' | 'dir' | 'file' | undefined;
  for (const x of a) {
    if (!b.includes(x)) continue;
    const k = x.startsWith('build:') ? 'build' : x.startsWith('dir:') ? 'dir' : 'file';
    if (k === 'build') return k;
    kind = k;
  }
  return kind;
}

/** True when two files share an apply unit. */
export function shareUnit(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (!a || !b) return false;
  for (const x of a) if (b.includes(x)) return true;
  return false;
}
