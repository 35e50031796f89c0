/** Finding resources in a file: by offset (the cursor, a finding) and by key. */
import type { FileEntry } from '../lookup';
import { type Resource, span } from '../model';

/** The resource whose document (or List item) contains `offset`. */
export function resourceAt(file: FileEntry, offset: number): Resource | undefined {
  let best: Resource | undefined;
  for (const r of file.resources) {
    const [s, e] = span(r, r.node);
    if (offset >= s && offset <= e) best = r;
    else if (r.listIndex === undefined && offset >= r.doc.base && offset <= r.doc.base + r.doc.chunk.length && !best) best = r;
  }
  return best;
}

/** The resource of `file` with `key` that contains `offset` (a file may hold several with one key), else the first with that key. */
export function resourceByKey(file: FileEntry, key: string | undefined, offset: number): Resource | undefined {
  const containing = file.resources.find((r) => {
    if (r.key !== key) return false;
    const [s, e] = span(r, r.node);
    return offset >= s && offset <= e;
  });
  return containing ?? file.resources.find((r) => r.key === key);
}
