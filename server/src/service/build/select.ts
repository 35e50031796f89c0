/** Kustomize patch and replacement targets: group/version/kind, name and namespace (anchored regular expressions), label and annotation selectors. */

import { groupOf, type KObject, kindOf, nameOf, namespaceOf, versionOf } from './transformers';
import { child, isTMap, str } from './tree';

export interface Selector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

function anchored(pattern: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    return undefined;
  }
}

/** A Kubernetes label selector (`a=b,c!=d,e in (f,g),h notin (i),j,!k`) against a map. */
export function matchesSelector(selector: string, values: Record<string, string>): boolean {
  const terms = selector.match(/[^,(]+(\([^)]*\))?/g) ?? [];
  return terms.every((raw) => {
    const t = raw.trim();
    if (!t) return true;
    let m = /^(\S+)\s+(in|notin)\s+\((.*)\)$/.exec(t);
    if (m) {
      const set = m[3].split(',').map((x) => x.trim());
      const has = m[1] in values && set.includes(values[m[1]]);
      return m[2] === 'in' ? has : !has;
    }
    m = /^([^!=\s]+)\s*(==|=|!=)\s*(.*)$/.exec(t);
    if (m) return m[2] === '!=' ? values[m[1]] !== m[3] : values[m[1]] === m[3];
    if (t.startsWith('!')) return !(t.slice(1).trim() in values);
    return t in values;
  });
}

function stringMap(n: ReturnType<typeof child>): Record<string, string> {
  const out: Record<string, string> = {};
  if (isTMap(n)) for (const [k, v] of n.v) out[k] = str(v) ?? '';
  return out;
}

export function selectTargets(objects: KObject[], s: Selector): KObject[] {
  const name = s.name ? anchored(s.name) : undefined;
  const ns = s.namespace ? anchored(s.namespace) : undefined;
  if ((s.name && !name) || (s.namespace && !ns)) return [];
  return objects.filter((o) => {
    if (s.kind && kindOf(o) !== s.kind) return false;
    if (s.group !== undefined && s.group !== groupOf(o)) return false;
    if (s.version && s.version !== versionOf(o)) return false;
    const ids = [...o.prev, { name: nameOf(o), namespace: namespaceOf(o) }];
    if (name && !ids.some((id) => name.test(id.name))) return false;
    if (ns && !ids.some((id) => ns.test(id.namespace))) return false;
    const meta = child(o.node, 'metadata');
    if (s.labelSelector && !matchesSelector(s.labelSelector, stringMap(child(meta, 'labels')))) return false;
    if (s.annotationSelector && !matchesSelector(s.annotationSelector, stringMap(child(meta, 'annotations')))) return false;
    return true;
  });
}
