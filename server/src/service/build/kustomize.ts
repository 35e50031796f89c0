/**
 * The Kustomize build model: what `kubectl kustomize <root>` applies, computed from the
 * workspace's texts with every built field traced to its source. The order of steps is
 * Kustomize's: a kustomization's resources (nested kustomizations built first, with their own
 * transformers), its generators, its components, then its transformers (strategic merge
 * patches, patches, namespace, prefix, suffix, labels, annotations, JSON 6902 patches,
 * replicas, images, replacements); at the root, the generator hash suffixes and the name
 * references of renamed objects.
 */
import { isKustomizationUri } from '../kustomize';
import { type GeneratorOptions, generate, mergeGenerated } from './generators';
import { nameHash } from './hash';
import { type FileSource, KustomizationReader, type Loaded, type TextSource, toObjects } from './load';
import { sortObjects } from './order';
import { jsonPatch, strategicMerge } from './patch';
import { applyReplacement, resolveVars, type Var } from './replace';
import { type Selector, selectTargets } from './select';
import {
  addAffix,
  addAnnotations,
  addLabels,
  dropEmptyMetadata,
  fixNameReferences,
  type ImageRule,
  type KObject,
  kindOf,
  NAME_REFERENCES,
  type NameRef,
  nameOf,
  namespaceOf,
  setImages,
  setNamespace,
  setReplicas,
} from './transformers';
import { at, child, clone, flatten, isTMap, isTSeq, seq, str, type TMap, type TNode, toJson } from './tree';
import type { Build, SourceRef } from './types';

class Builder extends KustomizationReader {
  refs: NameRef[] = [...NAME_REFERENCES];
  vars: Var[] = [];
  /** The root kustomization, once loaded. */
  root: Loaded | undefined;

  /** Build a kustomization into a fresh accumulator. */
  run(uri: string, stack: string[], from?: SourceRef): KObject[] {
    if (stack.includes(uri)) {
      this.problem(`cycle: ${[...stack.slice(stack.indexOf(uri)), uri].join(' → ')} (Kustomize rejects the build)`, from);
      return [];
    }
    const loaded = this.load(uri, from);
    if (!stack.length) this.root = loaded;
    if (!loaded) return [];
    if (str(child(loaded.k, 'kind')) === 'Component') this.problem('a Component is listed as a resource; list it under components', from);
    return this.apply(loaded, [], [...stack, uri]);
  }

  apply(l: Loaded, ra: KObject[], stack: string[]): KObject[] {
    const { k } = l;
    // resources (and the deprecated bases)
    for (const e of [...seq(child(k, 'resources')), ...seq(child(k, 'bases'))]) this.addResource(l, e, ra, stack);
    if (child(k, 'helmCharts')) this.problem('helmCharts are rendered only by `kustomize build --enable-helm`: not modelled', child(k, 'helmCharts')!.o);
    for (const f of ['generators', 'transformers', 'validators'])
      if (seq(child(k, f)).length) this.problem(`${f} (plugins) are not modelled: the build may differ`, child(k, f)!.o);
    // configurations: extra name references
    for (const e of seq(child(k, 'configurations'))) this.addConfiguration(l, e);
    // generators
    const opts = readGeneratorOptions(child(k, 'generatorOptions'));
    for (const kind of ['ConfigMap', 'Secret'] as const) {
      for (const g of seq(child(k, kind === 'ConfigMap' ? 'configMapGenerator' : 'secretGenerator'))) {
        if (!isTMap(g)) continue;
        const made = generate(
          kind,
          g,
          opts,
          l.dir,
          (u) => this.readText(u),
          (m, at) => this.problem(m, at),
          (e, at) => this.resolveFile(l, e, at),
        );
        if (made) mergeGenerated(ra, made, (m, at) => this.problem(m, at));
      }
    }
    // components
    for (const e of seq(child(k, 'components'))) {
      const entry = str(e);
      if (!entry) continue;
      const u = this.resolve(l, entry, e.o);
      if (!u) continue;
      const cu = this.kustomizationIn(`${u.replace(/\/$/, '')}/`);
      if (!cu) {
        this.problem(`component ${entry} has no kustomization in the workspace`, e.o);
        continue;
      }
      if (stack.includes(cu)) {
        this.problem(`cycle: ${[...stack, cu].join(' → ')} (Kustomize rejects the build)`, e.o);
        continue;
      }
      const cl = this.load(cu, e.o);
      if (cl) this.apply(cl, ra, [...stack, cu]);
    }
    this.transform(l, ra);
    for (const v of seq(child(k, 'vars'))) {
      const name = str(child(v, 'name'));
      const kind = str(at(v, ['objref', 'kind']));
      const objName = str(at(v, ['objref', 'name']));
      if (name && kind && objName)
        this.vars.push({ name, kind, objName, fieldPath: str(at(v, ['fieldref', 'fieldpath'])) ?? str(at(v, ['fieldref', 'fieldPath'])) ?? 'metadata.name' });
    }
    return ra;
  }

  addResource(l: Loaded, e: TNode, ra: KObject[], stack: string[]): void {
    const entry = str(e);
    if (!entry) return;
    const u = this.resolve(l, entry, e.o);
    if (!u) return;
    const asFile = u.replace(/\/$/, '');
    let objects: KObject[] | undefined;
    if (!isKustomizationUri(asFile) && (this.file(asFile) || this.text?.(asFile) !== undefined)) {
      if (!asFile.startsWith(l.dir)) this.problem(`${entry} is outside the kustomization's folder (kustomize's default load restrictor rejects it)`, e.o);
      const docs = this.readDocs(asFile, e.o) ?? [];
      objects = [];
      for (const d of docs) objects.push(...toObjects(d, (m, at) => this.problem(m, at)));
    } else {
      const ku = isKustomizationUri(asFile) ? asFile : this.kustomizationIn(`${asFile}/`);
      if (!ku) {
        this.problem(`resource ${entry} is not in the workspace`, e.o);
        return;
      }
      objects = this.run(ku, stack, e.o);
    }
    for (const o of objects) {
      const dup = ra.find((x) => kindOf(x) === kindOf(o) && nameOf(x) === nameOf(o) && namespaceOf(x) === namespaceOf(o));
      if (dup) {
        this.problem(`${kindOf(o)} ${nameOf(o)} is added twice (Kustomize rejects the build)`, e.o);
        continue;
      }
      ra.push(o);
    }
  }

  addConfiguration(l: Loaded, e: TNode): void {
    const entry = str(e);
    const u = entry && this.resolveFile(l, entry, e.o);
    if (!u) return;
    const docs = this.readDocs(u, e.o);
    if (!docs) {
      this.problem(`configuration ${entry} is not in the workspace`, e.o);
      return;
    }
    for (const d of docs) {
      for (const nr of seq(child(d, 'nameReference'))) {
        const kind = str(child(nr, 'kind'));
        if (!kind) continue;
        const referrers: [string, string][] = [];
        for (const fs of seq(child(nr, 'fieldSpecs'))) {
          const path = str(child(fs, 'path'));
          if (path) referrers.push([str(child(fs, 'kind')) ?? '*', path.replace(/\[\]$/, '')]);
        }
        this.refs.push({ kind, referrers });
      }
    }
  }

  transform(l: Loaded, ra: KObject[]): void {
    const { k } = l;
    // patchesStrategicMerge: files or inline documents
    for (const e of seq(child(k, 'patchesStrategicMerge'))) {
      const s = str(e);
      if (!s) continue;
      const docs = s.includes('\n') || /^\s*[{]/.test(s) ? this.inline(e, s) : this.patchFile(l, s, e.o);
      for (const d of docs ?? []) this.smp(ra, d, undefined, e.o);
    }
    // patches: file or inline, strategic merge or JSON 6902, with an optional target
    for (const p of seq(child(k, 'patches'))) {
      const docs = this.patchDocs(l, p);
      if (!docs) {
        if (!str(child(p, 'path')) && !child(p, 'patch')) this.problem('a patch needs a path or a patch', p.o);
        continue;
      }
      const target = readSelector(child(p, 'target'));
      const options = child(p, 'options');
      const keepName = str(child(options, 'allowNameChange')) !== 'true';
      const keepKind = str(child(options, 'allowKindChange')) !== 'true';
      for (const d of docs) {
        if (isTSeq(d)) {
          if (!target) this.problem('a JSON 6902 patch needs a target', p.o);
          else this.json6902(ra, target, d, p.o);
        } else if (isTMap(d)) this.smp(ra, d, target, p.o, keepName, keepKind);
      }
    }
    const nsNode = child(k, 'namespace');
    const ns = str(nsNode);
    if (ns && nsNode) setNamespace(ra, ns, nsNode.o);
    const prefix = child(k, 'namePrefix');
    if (str(prefix)) addAffix(ra, str(prefix)!, '', prefix!.o);
    const suffix = child(k, 'nameSuffix');
    if (str(suffix)) addAffix(ra, '', str(suffix)!, suffix!.o);
    const common = child(k, 'commonLabels');
    if (isTMap(common)) addLabels(ra, [...common.v], { selectors: true, templates: true }, common.o);
    for (const lb of seq(child(k, 'labels'))) {
      const pairs = child(lb, 'pairs');
      if (!isTMap(pairs)) continue;
      const fields = seq(child(lb, 'fields')).map((f) => ({
        kind: str(child(f, 'kind')),
        path: str(child(f, 'path')) ?? '',
        create: str(child(f, 'create')) === 'true',
      }));
      addLabels(
        ra,
        [...pairs.v],
        { selectors: str(child(lb, 'includeSelectors')) === 'true', templates: str(child(lb, 'includeTemplates')) === 'true', fields },
        pairs.o,
      );
    }
    const ann = child(k, 'commonAnnotations');
    if (isTMap(ann)) addAnnotations(ra, [...ann.v], ann.o);
    for (const p of seq(child(k, 'patchesJson6902'))) {
      const target = readSelector(child(p, 'target'));
      const docs = this.patchDocs(l, p);
      if (!target || !docs) {
        this.problem('patchesJson6902 needs a target and a path or patch', p.o);
        continue;
      }
      for (const d of docs) if (isTSeq(d)) this.json6902(ra, target, d, p.o);
    }
    for (const r of seq(child(k, 'replicas'))) {
      const name = str(child(r, 'name'));
      const count = child(r, 'count');
      if (name && count) setReplicas(ra, name, count);
    }
    const images: ImageRule[] = [];
    for (const i of seq(child(k, 'images'))) {
      const name = str(child(i, 'name'));
      if (!name) continue;
      images.push({ name, newName: str(child(i, 'newName')), newTag: str(child(i, 'newTag')), digest: str(child(i, 'digest')), origin: i.o });
    }
    setImages(ra, images);
    for (const r of seq(child(k, 'replacements'))) this.replacement(l, r, ra);
  }

  /** The documents of a `patches` or `patchesJson6902` entry: its `path` file, else its inline `patch`. */
  patchDocs(l: Loaded, p: TNode): TNode[] | undefined {
    const path = str(child(p, 'path'));
    if (path) return this.patchFile(l, path, child(p, 'path')!.o);
    const inline = child(p, 'patch');
    const text = str(inline);
    return inline && text ? this.inline(inline, text) : undefined;
  }

  smp(ra: KObject[], patch: TNode, target: Selector | undefined, from: SourceRef, keepName = true, keepKind = true): void {
    if (!isTMap(patch)) return;
    let targets: KObject[];
    if (target) targets = selectTargets(ra, target);
    else {
      const kind = str(child(patch, 'kind'));
      const name = str(at(patch, ['metadata', 'name']));
      const ns = str(at(patch, ['metadata', 'namespace'])) ?? '';
      const eff = (n: string) => n || 'default';
      const matches = (o: KObject, cur: boolean) =>
        kindOf(o) === kind && (cur ? [{ name: nameOf(o), namespace: namespaceOf(o) }] : o.prev).some((id) => id.name === name && eff(id.namespace) === eff(ns));
      targets = ra.filter((o) => matches(o, true));
      if (!targets.length) targets = ra.filter((o) => matches(o, false));
      if (!targets.length) {
        this.problem(`the patch's target ${kind} ${name} is not in the build`, patch.o);
        return;
      }
    }
    // The target keeps its name, namespace and kind unless the patch's options allow changing them.
    const p0 = clone(patch) as TMap;
    const meta = child(p0, 'metadata');
    if (isTMap(meta)) {
      if (keepName) meta.v.delete('name');
      meta.v.delete('namespace');
    }
    if (keepKind) {
      p0.v.delete('kind');
      p0.v.delete('apiVersion');
    }
    patch = p0;
    if (!targets.length) this.problem('the patch selects no object of the build', from);
    for (const o of targets) {
      const p = targets.length > 1 ? (clone(patch) as TMap) : (patch as TMap);
      if (!strategicMerge(o.node, p, kindOf(o))) ra.splice(ra.indexOf(o), 1);
    }
  }

  json6902(ra: KObject[], target: Selector, ops: TNode, at: SourceRef): void {
    const targets = selectTargets(ra, target);
    if (!targets.length) this.problem('the patch selects no object of the build', at);
    for (const o of targets) {
      const err = jsonPatch(o.node, seq(ops));
      if (err) this.problem(`JSON patch on ${kindOf(o)} ${nameOf(o)}: ${err}`, ops.o);
    }
  }

  /** replacements: the value is copied where its source is in the build, and every written field is marked unknown. */
  replacement(l: Loaded, r: TNode, ra: KObject[]): void {
    const path = str(child(r, 'path'));
    let entries: TNode[] = [r];
    if (path) {
      const docs = this.patchFile(l, path, child(r, 'path')!.o);
      entries = (docs ?? []).flatMap((d) => (isTSeq(d) ? d.v : [d]));
    }
    for (const e of entries) {
      const err = applyReplacement(e, ra, readSelector);
      if (err) this.problem(err, e.o);
    }
  }
}

function readSelector(n: TNode | undefined): Selector | undefined {
  if (!isTMap(n)) return undefined;
  const s = (k: string) => str(child(n, k));
  return {
    group: s('group'),
    version: s('version'),
    kind: s('kind'),
    name: s('name'),
    namespace: s('namespace'),
    labelSelector: s('labelSelector'),
    annotationSelector: s('annotationSelector'),
  };
}

function readGeneratorOptions(n: TNode | undefined): GeneratorOptions {
  return {
    labels: isTMap(child(n, 'labels')) ? [...(child(n, 'labels') as TMap).v] : [],
    annotations: isTMap(child(n, 'annotations')) ? [...(child(n, 'annotations') as TMap).v] : [],
    disableNameSuffixHash: str(child(n, 'disableNameSuffixHash')) === 'true',
    immutable: str(child(n, 'immutable')) === 'true',
  };
}

/** Build one kustomization (normally a root) into the objects it applies. */
export function buildKustomization(uri: string, file: FileSource, text?: TextSource): Build {
  const b = new Builder(file, text);
  let objects: KObject[] = [];
  try {
    objects = b.run(uri, []);
    for (const o of objects) {
      if (!o.generated?.hash) continue;
      const hash = nameHash(toJson(o.node) as Record<string, unknown>);
      const meta = o.node.v.get('metadata') as TMap;
      const nameNode = meta.v.get('name')!;
      o.prev.push({ name: nameOf(o), namespace: namespaceOf(o) });
      meta.v.set('name', { v: `${str(nameNode)}-${hash}`, o: nameNode.o, ...(o.generated.unknown ? { u: true } : {}) });
    }
    fixNameReferences(objects, b.refs);
    dropEmptyMetadata(objects);
    for (const m of resolveVars(b.vars, objects)) b.problem(m);
  } catch (e) {
    b.problem(`internal error while building: ${String((e as Error)?.message ?? e)}`);
  }
  const k = b.root?.k;
  const namespace = str(child(k, 'namespace'));
  const fifo = str(at(k, ['sortOptions', 'order'])) === 'fifo';
  return {
    id: `kustomize:${uri}`,
    kind: 'kustomize',
    root: uri,
    ...(namespace ? { namespace } : {}),
    inputs: [...b.inputs],
    objects: (fifo ? objects : sortObjects(objects)).map((o) => flatten(o.node)),
    problems: b.problems,
  };
}
