/**
 * `--format sarif`: SARIF 2.1.0, as GitHub code scanning accepts it: one run, the rules that
 * ran with their docs as help URIs, results with 1-based regions (UTF-16 columns), and the
 * quick fixes of each finding as SARIF fixes.
 */
import type { Rule } from '../service/index';
import type { Diagnostic, FixKind, Range } from '../service/types';
import type { FileReport } from './format';

export const DOCS_BASE = 'https://github.com/mesh-lsp/mesh-lsp/blob/main/docs/rules/';

export interface SarifFix {
  title: string;
  kind: FixKind;
  /** Display path → edits with LSP ranges. */
  changes: Map<string, { range: Range; newText: string }[]>;
}

const level = (s: Diagnostic['severity']) => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note');

const region = (r: Range) => ({
  startLine: r.start.line + 1,
  startColumn: r.start.character + 1,
  endLine: r.end.line + 1,
  endColumn: r.end.character + 1,
});

const uriOf = (file: string) => file.split('\\').join('/').split('/').map(encodeURIComponent).join('/');

export function sarif(reports: FileReport[], rules: Rule[], version: string, fixesOf: (file: string, d: Diagnostic) => SarifFix[] = () => []): object {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = [];
  for (const r of reports) {
    for (const d of r.diagnostics) {
      const fixes = fixesOf(r.file, d).map((f) => ({
        description: { text: `${f.title} (${f.kind})` },
        artifactChanges: [...f.changes].map(([file, edits]) => ({
          artifactLocation: { uri: uriOf(file), uriBaseId: '%SRCROOT%' },
          replacements: edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
        })),
      }));
      results.push({
        ruleId: d.rule,
        ...(index.has(d.rule) ? { ruleIndex: index.get(d.rule) } : {}),
        level: level(d.severity),
        message: { text: d.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(r.file), uriBaseId: '%SRCROOT%' }, region: region(d.range) } }],
        ...(fixes.length ? { fixes } : {}),
      });
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'meshlint',
            semanticVersion: version,
            version,
            informationUri: 'https://github.com/mesh-lsp/mesh-lsp',
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()),
              shortDescription: { text: r.title },
              fullDescription: { text: r.title },
              helpUri: `${DOCS_BASE}${r.id}.md`,
              help: { text: `${r.title} See ${DOCS_BASE}${r.id}.md` },
              defaultConfiguration: { level: level(r.severity) },
              properties: { tags: ['istio', 'kubernetes'], ...(r.upstream?.length ? { upstream: r.upstream } : {}) },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The working directory meshlint ran in.' } } },
        results,
      },
    ],
  };
}
