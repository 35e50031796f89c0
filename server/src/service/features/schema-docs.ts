/**
 * Schema-driven editor features: hover on any key of an Istio or Kubernetes resource (the
 * field's description, type and allowed values), completion of the keys valid at the cursor
 * (with a snippet for the value's shape) and of enum values.
 */

import { type CompletionItem, CompletionItemKind, InsertTextFormat } from 'vscode-languageserver-types';
import { isMap, isPair, isSeq, type Node } from 'yaml';
import { type Resource, span } from '../model';
import { type JsonSchema, schemaAt, schemaFor } from '../schema/validate';
import { mdCode as code, mdText as esc } from '../text';
import { keyName } from '../yamlutil';
import type { CompletionContext, Cursor, HoverProvider } from './context';

/** The key path of the pair whose key contains `offset` (relative to the resource node). */
function keyPathAt(res: Resource, offset: number): { path: string[]; start: number; end: number; onValue: boolean } | undefined {
  let node: Node | null | undefined = res.node;
  const path: string[] = [];
  for (let depth = 0; depth < 64 && node; depth++) {
    let next: Node | null | undefined;
    if (isMap(node)) {
      for (const p of node.items) {
        if (!isPair(p)) continue;
        const k = keyName(p);
        if (k === undefined || !p.key) continue;
        const [ks, ke] = span(res, p.key as Node);
        if (offset >= ks && offset <= ke) {
          path.push(k);
          return { path, start: ks, end: ke, onValue: false };
        }
        const v = p.value as Node | null;
        if (v) {
          const [vs, ve] = span(res, v);
          if (offset >= vs && offset <= ve) {
            path.push(k);
            if (!isMap(v) && !isSeq(v)) return { path, start: vs, end: ve, onValue: true };
            next = v;
            break;
          }
        }
      }
    } else if (isSeq(node)) {
      node.items.forEach((it, i) => {
        const [s, e] = span(res, it as Node);
        if (!next && offset >= s && offset <= e) {
          path.push(String(i));
          next = it as Node;
        }
      });
    }
    node = next;
  }
  return undefined;
}

function typeLabel(s: JsonSchema): string {
  if (s.enum) return 'enum';
  if (s.anyOf?.every((x) => x.type === 'integer' || x.type === 'string')) return 'integer or string';
  const t = Array.isArray(s.type) ? s.type.filter((x) => x !== 'null').join(' | ') : s.type;
  if (t === 'array' && s.items) return `array of ${typeLabel(s.items)}`;
  if (t === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object' && !s.properties)
    return `map of ${typeLabel(s.additionalProperties)}`;
  return t ?? 'any';
}

export const schemaHover: HoverProvider = (_ws, cursor: Cursor) => {
  const res = cursor.res;
  if (!res) return undefined;
  const root = schemaFor(res.apiVersion, res.kind);
  if (!root) return undefined;
  const at = keyPathAt(res, cursor.offset);
  if (!at) return undefined;
  const s = schemaAt(root, at.path);
  if (!s) return undefined;
  // The path's keys and the resource's kind come from the YAML (a map's keys are anyone's); the description and values from the schema.
  const parts = [`**${esc(at.path.filter((p) => !/^\d+$/.test(p)).join('.'))}** — ${code(typeLabel(s))} (${esc(`${res.kind} ${res.apiVersion}`)})`];
  if (s.description) parts.push(s.description.replace(/\n/g, ' '));
  if (s.enum) parts.push(`Allowed values: ${s.enum.map((e) => code(String(e))).join(', ')}`);
  return { markdown: parts.join('\n\n'), start: at.start, end: at.end };
};

/** The key path of the map the cursor line belongs to, from the indentation of the lines above. */
function parentPath(ctx: CompletionContext): { path: string[]; siblings: Set<string> } {
  const indent = /^\s*(-\s+)?/.exec(ctx.before)![0].length;
  const path: string[] = [];
  const siblings = new Set<string>();
  let current = indent;
  let inSameMap = true;
  let afterDash = false;
  for (let l = ctx.position.line - 1; l >= 0 && current > 0; l--) {
    const text = ctx.file.lines.lineText(l).replace(/\u00a0/g, ' ');
    if (!text.trim() || /^\s*#/.test(text)) continue;
    if (/^(---|\.\.\.)/.test(text)) break;
    const m = /^(\s*)(-\s+)?([^\s:#-][^:#]*?)\s*:(\s|$)/.exec(text);
    const dash = /^(\s*)-(\s|$)/.exec(text);
    const dashCol = dash ? dash[1].length : -1;
    const keyCol = m ? m[1].length + (m[2]?.length ?? 0) : -1;
    if (m && keyCol === current && !inSameMap && !m[2] && afterDash) {
      // A flush sequence: the key at the dash's column owns the list.
      path.unshift(m[3]);
      afterDash = false;
      continue;
    }
    if (m && keyCol === current) {
      if (inSameMap) siblings.add(m[3]);
      if (m[2]) {
        // `- key:` opens the list item the cursor is in.
        path.unshift('0');
        current = dashCol;
        inSameMap = false;
        afterDash = true;
      }
      continue;
    }
    if (!m && dash && dashCol < current) {
      path.unshift('0');
      current = dashCol;
      inSameMap = false;
      afterDash = true;
      continue;
    }
    const col = m ? keyCol : /^\s*/.exec(text)![0].length;
    if (col < current) {
      inSameMap = false;
      if (!m) continue;
      path.unshift(m[3]);
      afterDash = false;
      if (m[2]) {
        path.unshift('0');
        current = dashCol;
        afterDash = true;
      } else current = keyCol;
    }
  }
  // Keys of the same map below the cursor.
  for (let l = ctx.position.line + 1; l < ctx.file.lines.lineCount; l++) {
    const text = ctx.file.lines.lineText(l).replace(/\u00a0/g, ' ');
    if (!text.trim() || /^\s*#/.test(text)) continue;
    const col = /^\s*/.exec(text)![0].length;
    if (col < indent || /^(---|\.\.\.)/.test(text)) break;
    const m = /^\s*([^\s:#-][^:#]*?)\s*:(\s|$)/.exec(text);
    if (m && col === indent) siblings.add(m[1]);
  }
  return { path, siblings };
}

function snippetFor(key: string, s: JsonSchema | undefined): { text: string; snippet: boolean } {
  if (!s) return { text: `${key}: `, snippet: false };
  if (s.enum) return { text: `${key}: \${1|${s.enum.map(String).join(',')}|}`, snippet: true };
  const t = Array.isArray(s.type) ? s.type[0] : s.type;
  if (t === 'object') return { text: `${key}:\n  $0`, snippet: true };
  if (t === 'array') return { text: `${key}:\n  - $0`, snippet: true };
  return { text: `${key}: `, snippet: false };
}

export function schemaCompletion(ctx: CompletionContext): CompletionItem[] | undefined {
  const res = ctx.res;
  if (!res) return undefined;
  const root = schemaFor(res.apiVersion, res.kind);
  if (!root) return undefined;
  const valueMatch = /^\s*(-\s+)?([\w.-]+):\s*["']?([\w.-]*)$/.exec(ctx.before);
  const keyMatch = /^\s*(-\s+)?([\w-]*)$/.exec(ctx.before);
  if (!valueMatch && !keyMatch) return undefined;
  const { path, siblings } = parentPath(ctx);
  if (valueMatch) {
    const s = schemaAt(root, [...path, valueMatch[2]]);
    if (!s?.enum) return undefined;
    return s.enum.map((v) => ({ label: String(v), kind: CompletionItemKind.EnumMember, detail: `${valueMatch[2]} value` }));
  }
  const parent = schemaAt(root, path);
  if (!parent?.properties) return undefined;
  return Object.entries(parent.properties)
    .filter(([k]) => !siblings.has(k))
    .map(([k, s]) => {
      const sn = snippetFor(k, s);
      return {
        label: k,
        kind: CompletionItemKind.Property,
        detail: typeLabel(s),
        documentation: s.description ? { kind: 'markdown' as const, value: s.description } : undefined,
        insertText: sn.text,
        insertTextFormat: sn.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      };
    });
}
