/**
 * Template detection. A file is a template (skipped until rendered) when:
 *  - it lives in a Helm chart's `templates/` folder and holds template actions (`{{ ... }}`), or
 *  - it does not parse as YAML and holds template actions or placeholders (`${VAR}` for
 *    envsubst, `%VAR%` for sed), or
 *  - a template action sits in the YAML structure itself (`replicas: {{ .Values.n }}` parses
 *    as a nested flow mapping, not as a value).
 * Otherwise `{{` inside a quoted string, a block scalar or a comment is text (Argo Workflows'
 * `{{workflow.name}}`, alert templates, Go-template annotations, Grafana dashboards' legends)
 * and the file is analyzed: a syntax error elsewhere in the file is a syntax error, not a sign
 * of a template. In a `templates/` folder too, a file whose template markers all sit inside
 * block scalars (a generated install file with dashboard JSON in a ConfigMap) is plain YAML.
 */
import { type Document, isMap, isScalar, Scalar, visit } from 'yaml';
import { LineIndex } from './text';

const ACTION = /\{\{[\s\S]*?\}\}/;
const PLACEHOLDER = /\$\{[A-Za-z_][A-Za-z0-9_.-]*\}|%[A-Z][A-Z0-9_]*%/;

/** Offset of the first template action or placeholder in the text, or -1. */
export function firstTemplateMarker(text: string): { start: number; end: number; kind: 'action' | 'placeholder' } | undefined {
  const a = ACTION.exec(text);
  const p = PLACEHOLDER.exec(text);
  if (a && (!p || a.index <= p.index)) return { start: a.index, end: a.index + a[0].length, kind: 'action' };
  if (p) return { start: p.index, end: p.index + p[0].length, kind: 'placeholder' };
  return undefined;
}

export function hasTemplateAction(text: string): boolean {
  return ACTION.test(text);
}

/** A value that is an envsubst or sed placeholder (not judged as a value). */
export function isPlaceholder(value: unknown): boolean {
  return typeof value === 'string' && (PLACEHOLDER.test(value) || ACTION.test(value));
}

/** True when the uri lies in a Helm chart's `templates/` folder. */
export function inChartTemplates(uri: string): boolean {
  return /(^|[\\/])templates[\\/]/.test(uri);
}

/** True when an unquoted `{{ ... }}` was read as a flow mapping inside a flow mapping key. */
export function actionInStructure(docs: Document.Parsed[]): boolean {
  let found = false;
  for (const doc of docs) {
    visit(doc, {
      Map(_, node) {
        if (node.flow && node.items.some((p) => isMap(p.key) && (p.key as { flow?: boolean }).flow)) {
          found = true;
          return visit.BREAK;
        }
        return undefined;
      },
    });
    if (found) break;
  }
  return found;
}

/** A parsed document with the offset of its text in the file. */
interface BasedDoc {
  base: number;
  doc: Document;
}

function markerOffsets(text: string): [number, number][] {
  const out: [number, number][] = [];
  const re = new RegExp(`${ACTION.source}|${PLACEHOLDER.source}`, 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) out.push([m.index, m.index + m[0].length]);
  return out;
}

/**
 * True when a template marker breaks the YAML: a syntax error starts on a line that holds a
 * marker, or on the line after one (an unterminated `{{- if … }}` line fails on the next).
 */
export function markersBreakYaml(text: string, docs: readonly BasedDoc[]): boolean {
  const index = new LineIndex(text);
  const lineOf = (offset: number) => index.positionAt(offset).line;
  const lines = new Set<number>();
  for (const [start, end] of markerOffsets(text)) for (let l = lineOf(start); l <= lineOf(end); l++) lines.add(l);
  for (const d of docs)
    for (const e of d.doc.errors) {
      const from = lineOf(d.base + e.pos[0]);
      const to = lineOf(d.base + Math.max(e.pos[0], e.pos[1] - 1));
      for (let l = from - 1; l <= to; l++) if (lines.has(l)) return true;
    }
  return false;
}

/** True when every template action of the text lies inside a block scalar (`|`, `>`) of the documents. */
export function actionsOnlyInBlockScalars(text: string, docs: readonly BasedDoc[]): boolean {
  const blocks: [number, number][] = [];
  for (const d of docs) {
    if (d.doc.errors.length) return false;
    visit(d.doc, {
      Scalar(_, node) {
        if (isScalar(node) && (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) && node.range)
          blocks.push([d.base + node.range[0], d.base + node.range[1]]);
      },
    });
  }
  const re = new RegExp(ACTION.source, 'g');
  let any = false;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const at = m.index;
    // A marker in a comment line is text too.
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    if (text.slice(lineStart, at).trimStart().startsWith('#')) continue;
    any = true;
    if (!blocks.some(([a, b]) => at >= a && at < b)) return false;
  }
  return any;
}
