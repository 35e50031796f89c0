/** The check every edit passes before it is offered or applied: no new YAML error, no comment lost. */
import { parseAllDocuments } from 'yaml';
import { applyOffsetEdits, type FileEdits } from '../edits/edits';
import type { Lookup } from '../lookup';

function countComments(text: string): number {
  let n = 0;
  for (const line of text.split('\n')) if (/(^|\s)#/.test(line)) n++;
  return n;
}

/** The texts after applying `edits`, or undefined when they would break a file. */
export function editedTexts(ws: Lookup, edits: FileEdits): Map<string, string> | undefined {
  const out = new Map<string, string>();
  for (const [uri, list] of edits) {
    const file = ws.getFile(uri);
    if (!file || !list.length) continue;
    let next: string;
    try {
      next = applyOffsetEdits(file.text, list);
    } catch {
      return undefined;
    }
    const errors = (t: string) => parseAllDocuments(t.replace(/\u00a0/g, ' ')).reduce?.((a, d) => a + d.errors.length, 0) ?? 0;
    if (errors(next) > errors(file.text)) return undefined;
    const removedComment = countComments(next) < countComments(file.text);
    if (removedComment) return undefined;
    out.set(uri, next);
  }
  return out;
}
