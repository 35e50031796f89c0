/**
 * Suppression as users already write it:
 * - `# meshlint-disable-next-line [rule, ...]` on the line before a finding (no rule: all rules);
 *   `# meshlint-disable-line [rule, ...]` at the end of the line itself;
 * - annotations on a resource: `meshlint.io/disable: "rule-a,rule-b"` (or `*`),
 *   `galley.istio.io/analyze-suppress: "IST0101,..."` (istioctl analyze codes),
 *   `kiali.io/ignore-validations: "KIA1104,..."` (Kiali codes); they silence the rules mapped to those codes.
 */

import type { FileEntry } from './lookup';
import { span } from './model';
import type { Rule } from './rule';
import type { Finding } from './types';

const COMMENT = /#\s*meshlint-disable-(next-line|line)\b([^\n]*)/g;

function parseList(s: string): string[] {
  return s
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter(Boolean);
}

export function applySuppressions(file: FileEntry, findings: Finding[], rules: readonly Rule[]): Finding[] {
  if (!findings.length) return findings;
  const lineRules = new Map<number, string[]>();
  const text = file.text;
  if (text.includes('meshlint-disable')) {
    COMMENT.lastIndex = 0;
    for (let m = COMMENT.exec(text); m; m = COMMENT.exec(text)) {
      const line = file.lines.positionAt(m.index).line + (m[1] === 'next-line' ? 1 : 0);
      const ids = parseList(m[2].replace(/--.*$/, ''));
      const list = lineRules.get(line) ?? [];
      list.push(...(ids.length ? ids : ['*']));
      lineRules.set(line, list);
    }
  }
  const resourceRules: { start: number; end: number; ids: Set<string> }[] = [];
  for (const r of file.resources) {
    const a = r.annotations;
    const own = a['meshlint.io/disable'];
    const ist = a['galley.istio.io/analyze-suppress'];
    const kia = a['kiali.io/ignore-validations'];
    if (own === undefined && ist === undefined && kia === undefined) continue;
    const ids = new Set<string>(own !== undefined ? parseList(own) : []);
    const codes = new Set<string>([...(ist !== undefined ? parseList(ist) : []), ...(kia !== undefined ? parseList(kia) : [])]);
    for (const rule of rules) {
      if (rule.upstream?.some((c) => codes.has(c) || (codes.has('*') && c.startsWith(ist !== undefined ? 'IST' : 'KIA')))) ids.add(rule.id);
    }
    const [start, end] = span(r, r.node);
    resourceRules.push({ start, end, ids });
  }
  if (!lineRules.size && !resourceRules.length) return findings;
  return findings.filter((f) => {
    if (lineRules.size) {
      const ids = lineRules.get(file.lines.positionAt(f.start).line);
      if (ids && (ids.includes('*') || ids.includes(f.rule))) return false;
    }
    for (const rr of resourceRules) {
      if (f.start >= rr.start && f.start <= rr.end && (rr.ids.has('*') || rr.ids.has(f.rule))) return false;
    }
    return true;
  });
}
