/**
 * Helm charts as builds, the part that needs no process: which charts a workspace holds and
 * with which values files (`discoverCharts`), and how the output of `helm template` maps back
 * to the template lines that produced it (`mapHelmOutput`). Running helm is the Node layer's
 * (node/helm.ts).
 *
 * Mapping: every rendered document names its template in a `# Source: <chart>/templates/<file>`
 * comment. Within the template, each key (and each sequence item) of the rendered object is
 * found on the line that produced it: the line holding the same key, literally or as a
 * `{{ ... }}` action, with a value that fits (a literal that equals the rendered value, an
 * action, or nothing when a block follows), searched in order inside the block of the parent's
 * line, so repeated keys map in turn. A value no line holds literally but that an action line
 * of the parent's block emits (`{{- include "labels" . | nindent 4 }}`, `toYaml`) maps to that
 * line; otherwise it keeps its parent's line. A top-level value no line produced is shown at
 * the template's first line and listed in `approximate`. Reading a template into lines is
 * helm-template.ts's; mapping one document onto a template region is helm-document.ts's.
 */
import { type Node, parseDocument } from 'yaml';
import { dirOf } from '../kustomize';
import { type Mapping, mapDocument, type Stats } from './helm-document';
import { analyzeTemplate, firstLineRef, fits, type Template, type TemplateFile } from './helm-template';
import type { BuildProblem, BuiltObject, RenderRequest, SourceRef } from './types';

/** What a finding whose origin is listed in `BuiltObject.approximate` should say. */
export const APPROXIMATE_ORIGIN_NOTE = "shown at the template's first line: no line of the template produced this value";

// ---------------------------------------------------------------------------------------------
// Discovery

const CHART_FILE = /(^|\/)Chart\.yaml$/;
/** Values files for a chart, beside its Chart.yaml: values-prod.yaml, values.prod.yaml, prod-values.yaml. */
const SIBLING_VALUES = /^(values[-._].+|.+[-._]values)\.ya?ml$/;
/** chart-testing's values files: ci/*-values.yaml (and ci/*.yaml, which it reads too). */
const CI_VALUES = /^[^/]+\.ya?ml$/;

/** The build id of a rendered chart: `helm:<chart folder uri>`, plus `#<values uri>` per extra values file. */
export function helmBuildId(request: Pick<RenderRequest, 'root' | 'values'>): string {
  return `helm:${request.root}${request.values.map((v) => `#${v}`).join('')}`;
}

/**
 * The charts among the workspace's files (a folder with a Chart.yaml) and their builds: each
 * chart with its own values.yaml, then one further build per values file the repository keeps
 * for it (beside Chart.yaml: `values-prod.yaml`, `values.prod.yaml`, `prod-values.yaml`; in
 * `ci/`: `*.yaml`, as chart-testing reads them). A chart inside another chart's `charts/`
 * folder is a subchart, rendered with its parent, not a build of its own.
 */
export function discoverCharts(fileUris: Iterable<string>, opts: { namespace?: string } = {}): RenderRequest[] {
  const files = [...new Set(fileUris)].sort();
  const charts = new Set(files.filter((u) => CHART_FILE.test(u)).map(dirOf));
  const isSubchart = (root: string) => {
    const parent = root.slice(0, -1);
    const m = /^(.*\/)charts\/[^/]+$/.exec(parent);
    return !!m && charts.has(m[1]);
  };
  const out: RenderRequest[] = [];
  for (const root of [...charts].sort()) {
    if (isSubchart(root)) continue;
    const base: RenderRequest = { kind: 'helm', root, values: [] };
    if (opts.namespace) base.namespace = opts.namespace;
    out.push(base);
    for (const f of files) {
      if (!f.startsWith(root)) continue;
      const rest = f.slice(root.length);
      const extra = (!rest.includes('/') && rest !== 'values.yaml' && SIBLING_VALUES.test(rest)) || (rest.startsWith('ci/') && CI_VALUES.test(rest.slice(3)));
      if (extra) out.push({ ...base, values: [f] });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The output of `helm template`

export interface HelmOutputResult {
  objects: BuiltObject[];
  problems: BuildProblem[];
  /** The template files that rendered objects. */
  templates: string[];
  stats: Stats;
}

/**
 * The objects of `helm template` output, each with the origins of its values in its template.
 * `template(sourcePath)` gives the file a `# Source:` path names (`<chart>/templates/x.yaml`,
 * `<chart>/charts/<sub>/templates/y.yaml`), or undefined when it cannot be read (a subchart
 * packed as an archive); its objects are then shown at `fallback` (the chart's Chart.yaml).
 */
export function mapHelmOutput(output: string, template: (sourcePath: string) => TemplateFile | undefined, fallback: SourceRef): HelmOutputResult {
  const objects: BuiltObject[] = [];
  const problems: BuildProblem[] = [];
  const stats: Stats = { exact: 0, emitted: 0, inherited: 0, fallback: 0 };
  const cache = new Map<string, Template | undefined>();
  const lastRegion = new Map<string, number>();
  const docs = output.split(/^---[ \t]*\r?\n/m);
  for (const doc of docs) {
    const src = /^# Source: (.+?)\s*$/m.exec(doc)?.[1];
    const parsed = parseDocument(doc, { uniqueKeys: false });
    let value: unknown;
    try {
      value = parsed.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      problems.push({ message: `a document${src ? ` of ${src}` : ''} in helm's output cannot be read: ${(e as Error).message}`, at: fallback });
      continue;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
    const object: BuiltObject = { value: value as Record<string, unknown>, origins: new Map() };
    objects.push(object);
    if (!src) {
      object.origins.set('', fallback);
      object.approximate = [''];
      continue;
    }
    if (!cache.has(src)) {
      const file = template(src);
      cache.set(src, file ? analyzeTemplate(file) : undefined);
    }
    const tpl = cache.get(src);
    if (!tpl) {
      object.origins.set('', fallback);
      object.approximate = [''];
      problems.push({
        message: `${src} rendered ${describe(object.value)}, but the file is not in the chart's folder (a packed subchart?): it is shown at Chart.yaml`,
        at: fallback,
      });
      continue;
    }
    const root = parsed.contents as Node;
    let best: { mapping: Mapping; region: number } | undefined;
    const prev = lastRegion.get(src) ?? 0;
    // Only the parts of the template that can have produced this kind (a part without a literal `kind:` line may, by an action).
    const kind = String((object.value as { kind?: unknown }).kind ?? '');
    const canProduce = (i: number) => {
      const [a, b] = tpl.regions[i];
      let kindLines = 0;
      for (let j = a; j < b; j++) {
        const l = tpl.lines[j];
        if (l.kind !== 'yaml' || l.key !== 'kind' || l.col !== 0) continue;
        kindLines++;
        if (fits(l.value, kind)) return true;
      }
      return kindLines === 0;
    };
    let order = tpl.regions.map((_, i) => i);
    if (order.length > 1) {
      const able = order.filter(canProduce);
      if (able.length) order = able;
    }
    // Prefer the region after the one the previous document of this template took.
    const n = tpl.regions.length;
    order.sort((a, b) => ((a - prev + n) % n) - ((b - prev + n) % n));
    for (const i of order.slice(0, 50)) {
      const mapping = mapDocument(tpl, tpl.regions[i], root, doc);
      if (!best || mapping.stats.exact > best.mapping.stats.exact) best = { mapping, region: i };
    }
    if (!best) continue;
    lastRegion.set(src, best.region + (tpl.regions.length > 1 ? 1 : 0));
    object.origins = best.mapping.origins;
    if (best.mapping.approximate.length) object.approximate = best.mapping.approximate;
    for (const k of Object.keys(stats) as (keyof Stats)[]) stats[k] += best.mapping.stats[k];
  }
  return { objects, problems, templates: [...cache.entries()].filter(([, t]) => t).map(([, t]) => (t as Template).uri), stats };
}

function describe(value: Record<string, unknown>): string {
  const name = (value.metadata as { name?: unknown } | undefined)?.name;
  return `${String(value.kind ?? 'an object')}${typeof name === 'string' ? ` ${name}` : ''}`;
}

/**
 * A failed render as a problem, placed where helm's message points (`<chart>/templates/x.yaml:12:3`,
 * `parse error on <chart>/templates/x.yaml`) when `template` can read that file, else at `fallback`.
 */
export function helmErrorProblem(stderr: string, template: (sourcePath: string) => TemplateFile | undefined, fallback: SourceRef): BuildProblem {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !/^Use --debug flag/.test(l));
  const message = `helm template failed: ${
    lines
      .join(' ')
      .replace(/^Error: /, '')
      .slice(0, 600) || 'no message'
  }`;
  const located = /([\w.-]+(?:\/charts\/[\w.-]+)*\/(?:templates|crds)\/[^\s:]+):(\d+)(?::(\d+))?/.exec(stderr);
  const named = located ?? /(?:parse error|error) on ([\w.-]+(?:\/charts\/[\w.-]+)*\/(?:templates|crds)\/[^\s:]+)/.exec(stderr);
  if (named) {
    const file = template(named[1]);
    if (file) {
      if (located) {
        const line = Number(located[2]);
        const col = Number(located[3] ?? 1);
        let start = 0;
        for (let i = 1; i < line && start >= 0; i++) {
          const nl = file.text.indexOf('\n', start);
          start = nl < 0 ? -1 : nl + 1;
        }
        if (start >= 0) {
          const lineEnd = file.text.indexOf('\n', start);
          const end = lineEnd < 0 ? file.text.length : lineEnd;
          return { message, at: { uri: file.uri, start: Math.min(start + col - 1, end), end } };
        }
      }
      return { message, at: firstLineRef(file) };
    }
  }
  return { message, at: fallback };
}
