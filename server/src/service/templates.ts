/**
 * Template detection. A file is a template (skipped until rendered) when:
 *  - it lives in a Helm chart's `templates/` folder and holds template actions (`{{ ... }}`), or
 *  - it does not parse as YAML and holds template actions or placeholders (`${VAR}` for
 *    envsubst, `%VAR%` for sed), or
 *  - a template action sits in the YAML structure itself (`replicas: {{ .Values.n }}` parses
 *    as a nested flow mapping, not as a value).
 * Otherwise `{{` inside a quoted string, a block scalar or a comment is text (Argo Workflows'
 * `{{workflow.name}}`, alert templates, Go-template annotations) and the file is analyzed.
 */
import { type Document, isMap, visit } from 'yaml';

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
