import { addEdit, type FileEdits } from '../edits/edits';
import { defineRule, type RuleFix } from '../rule';
import type { Finding } from '../types';

/** What the fix reads: the offsets of the non-breaking spaces and tabs to replace on the line. */
interface PastedData {
  offsets: number[];
}

/** Edits replacing every flagged character of the findings with a space. */
function spaces(findings: Finding<PastedData>[]): FileEdits {
  const edits: FileEdits = new Map();
  for (const x of findings) for (const o of x.data?.offsets ?? []) addEdit(edits, x.uri, { start: o, end: o + 1, newText: ' ' });
  return edits;
}

export default defineRule<PastedData>({
  id: 'pasted-whitespace',
  severity: 'error',
  category: 'parse',
  title: 'Non-breaking spaces (U+00A0) or tabs where YAML needs plain spaces, typically pasted from a web page.',
  fixes: [{ kind: 'safe', title: 'Replace pasted non-breaking spaces and tabs with spaces (this line, or the whole file)' }],
  // The file was read with these characters as plain spaces (see parse.ts normalizeWhitespace); each line is reported once.
  checkFile(file, ctx) {
    if (!file.facts.checkText) return;
    for (const p of file.facts.pasted) {
      const kinds: string[] = [];
      if (p.nbsp) kinds.push('non-breaking spaces (U+00A0)');
      if (p.tabs) kinds.push('tabs (U+0009) in indentation');
      const origin = p.nbsp
        ? 'they usually come from copying YAML out of a web page, a PDF or a chat message'
        : 'they usually come from an editor that indents with tabs';
      ctx.report({
        start: p.offsets[0],
        end: p.offsets[p.offsets.length - 1] + 1,
        message: `Line ${p.line + 1} has ${kinds.join(' and ')} where YAML needs plain spaces; ${origin}. Kubernetes rejects or misreads this text; it was analyzed as if they were plain spaces.`,
        data: { offsets: p.offsets },
      });
    }
  },
  fix(f, ctx) {
    const fixes: RuleFix[] = [
      { title: 'Replace pasted non-breaking spaces and tabs on this line with spaces', kind: 'safe', preferred: true, edits: spaces([f]) },
    ];
    const inFile = ctx.findings;
    if (inFile.length > 1)
      fixes.push({
        title: `Replace pasted non-breaking spaces and tabs in the whole file (${inFile.length} lines)`,
        kind: 'safe',
        preferred: false,
        edits: spaces(inFile),
      });
    return fixes;
  },
});
