/**
 * Kustomize `replacements` and `vars`: values copied from one object's field into others.
 * The copied value is computed where the source is in the build, and every field written this
 * way is marked unknown (a finding may not depend on it: its source is another object).
 */
import { type Selector, selectTargets } from './select';
import { type KObject, kindOf, nameOf } from './transformers';
import { child, ensureMap, isTMap, isTScalar, isTSeq, type Scalar, seq, type TMap, type TNode } from './tree';

/** Split a field path on dots outside brackets: `spec.containers.[name=a.b].image`. */
export function splitFieldPath(path: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (const c of path) {
    if (c === '[') depth++;
    if (c === ']') depth--;
    if (c === '.' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out.filter((x) => x !== '');
}

function step(n: TNode | undefined, part: string, create: boolean, origin: TNode['o'], asList = false): TNode | undefined {
  if (!n) return undefined;
  const m = /^\[(.+?)=(.*)\]$/.exec(part);
  if (m) {
    if (!isTSeq(n)) return undefined;
    return n.v.find((e) => isTMap(e) && String(e.v.get(m[1])?.v) === m[2]);
  }
  const key = part.startsWith('[') && part.endsWith(']') ? part.slice(1, -1) : part;
  if (isTSeq(n)) return /^\d+$/.test(key) ? n.v[Number(key)] : undefined;
  if (!isTMap(n)) return undefined;
  const c = n.v.get(key);
  if (c || !create) return c;
  if (asList) {
    const l: TNode = { v: [], o: origin };
    n.v.set(key, l);
    return l;
  }
  return ensureMap(n as TMap, key, origin);
}

/** The node at a field path, creating mappings on the way when `create`. */
export function nodeAtPath(root: TNode, parts: string[], create = false, next?: string): TNode | undefined {
  let cur: TNode | undefined = root;
  parts.forEach((p, i) => {
    cur = step(cur, p, create, root.o, /^\d+$/.test(parts[i + 1] ?? next ?? ''));
  });
  return cur;
}

interface Options {
  delimiter?: string;
  index: number;
  create: boolean;
}

function readOptions(n: TNode | undefined): Options {
  const d = child(n, 'delimiter');
  const i = child(n, 'index');
  return {
    delimiter: d && isTScalar(d) ? String(d.v) : undefined,
    index: i && isTScalar(i) ? Number(i.v) : 0,
    create: String(child(n, 'create')?.v) === 'true',
  };
}

/** Apply one replacement (mutates targets). Returns a problem message, if any. */
export function applyReplacement(r: TNode, objects: KObject[], readSelector: (n: TNode | undefined) => Selector | undefined): string | undefined {
  const src = child(r, 'source');
  const sel = readSelector(src);
  const sources = sel ? selectTargets(objects, sel) : [];
  let value: TNode | undefined;
  if (sources.length === 1) {
    const fp = String(child(src, 'fieldPath')?.v ?? 'metadata.name');
    value = nodeAtPath(sources[0].node, splitFieldPath(fp));
    const so = readOptions(child(src, 'options'));
    if (value && isTScalar(value) && so.delimiter !== undefined) {
      const parts = String(value.v).split(so.delimiter);
      value = { v: parts[so.index] ?? '', o: value.o };
    }
  }
  const problem =
    sources.length > 1 ? 'a replacement source matches more than one object' : sources.length === 0 ? 'a replacement source is not in the build' : undefined;
  for (const t of seq(child(r, 'targets'))) {
    const tsel = readSelector(child(t, 'select'));
    if (!tsel) continue;
    const rejects = seq(child(t, 'reject'))
      .map((x) => readSelector(x))
      .filter((x): x is Selector => !!x);
    const opts = readOptions(child(t, 'options'));
    for (const o of selectTargets(objects, tsel)) {
      if (rejects.some((rj) => selectTargets([o], rj).length)) continue;
      for (const fpn of seq(child(t, 'fieldPaths'))) {
        const parts = splitFieldPath(String(fpn.v ?? ''));
        const last = parts.pop();
        if (last === undefined) continue;
        const holder = nodeAtPath(o.node, parts, opts.create, last);
        const expand = last === '*' ? (isTSeq(holder) ? holder.v.map((_, i) => String(i)) : []) : [last];
        for (const key of expand) {
          const target = holder && step(holder, key, false, o.node.o);
          if (!target && !opts.create) continue;
          if (!holder || !(isTMap(holder) || isTSeq(holder))) continue;
          let next: TNode = { v: null, o: fpn.o, u: true };
          if (value) {
            if (opts.delimiter !== undefined && target && isTScalar(target)) {
              const parts2 = String(target.v).split(opts.delimiter);
              parts2[opts.index] = String(value.v);
              next = { v: parts2.join(opts.delimiter), o: target.o, u: true };
            } else next = { ...structuredCloneNode(value), u: true };
          } else if (target) next = { ...target, u: true };
          if (isTMap(holder)) holder.v.set(key.replace(/^\[(.*)\]$/, '$1'), next);
          else if (/^\d+$/.test(key) && Number(key) <= holder.v.length) holder.v[Number(key)] = next;
        }
      }
    }
  }
  return problem;
}

function structuredCloneNode(n: TNode): TNode {
  if (n.v instanceof Map) return { v: new Map([...n.v].map(([k, c]) => [k, structuredCloneNode(c)])), o: n.o };
  if (Array.isArray(n.v)) return { v: n.v.map(structuredCloneNode), o: n.o };
  return { v: n.v, o: n.o };
}

export interface Var {
  name: string;
  kind: string;
  objName: string;
  fieldPath: string;
}

/** Substitute `$(VAR)` in every string of the build; a substituted field is unknown. */
export function resolveVars(vars: Var[], objects: KObject[]): string[] {
  const problems: string[] = [];
  const values = new Map<string, Scalar>();
  for (const v of vars) {
    const src = objects.find((o) => kindOf(o) === v.kind && (nameOf(o) === v.objName || o.prev.some((p) => p.name === v.objName)));
    const node = src && nodeAtPath(src.node, splitFieldPath(v.fieldPath));
    if (node && isTScalar(node)) values.set(v.name, node.v);
    else problems.push(`var ${v.name}: ${v.kind} ${v.objName} ${v.fieldPath} is not in the build`);
  }
  if (!vars.length) return problems;
  const re = /\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g;
  const visit = (n: TNode) => {
    if (n.v instanceof Map) for (const c of n.v.values()) visit(c);
    else if (Array.isArray(n.v)) for (const c of n.v) visit(c);
    else if (typeof n.v === 'string' && n.v.includes('$(')) {
      let changed = false;
      const out = n.v.replace(re, (m, name: string) => {
        if (!vars.some((v) => v.name === name)) return m;
        changed = true;
        const val = values.get(name);
        return val === undefined ? m : String(val);
      });
      if (changed) {
        n.v = out;
        n.u = true;
      }
    }
  };
  for (const o of objects) visit(o.node);
  return problems;
}
