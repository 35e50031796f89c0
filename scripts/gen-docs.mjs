// Regenerates the rule table of README.md (between the rules markers) from the rules themselves.
// `node scripts/gen-docs.mjs --check` exits 1 when the README is stale. Without --check it also
// writes a skeleton docs/rules/<id>.md for a rule that has no page. Either way it warns about rule
// pages that lack a section or disagree with their rule (test/docs.test.mjs fails on them).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pagePath, pageProblems, skeleton } from './rule-docs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { RULES } = createRequire(import.meta.url)(join(root, 'dist/service.js'));
const rows = [...RULES]
  .sort((a, b) => a.id.localeCompare(b.id))
  .map((r) => {
    const fixes = [...new Set((r.fixes ?? []).map((f) => f.kind))].join(', ');
    return `| [\`${r.id}\`](docs/rules/${r.id}.md) | ${r.severity} | ${r.category} | ${r.title.replace(/\|/g, '\\|')} | ${fixes} | ${(r.upstream ?? []).join(', ')} |`;
  });
const table = ['| rule | default | category | finds | fixes | upstream |', '|---|---|---|---|---|---|', ...rows].join('\n');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const next = readme.replace(/<!-- rules:start -->[\s\S]*<!-- rules:end -->/, `<!-- rules:start -->\n${table}\n<!-- rules:end -->`);
if (process.argv.includes('--check')) {
  if (next !== readme) {
    console.error('README.md rule table is stale: run `npm run docs`');
    process.exit(1);
  }
} else if (next !== readme) writeFileSync(join(root, 'README.md'), next);
for (const r of RULES) {
  if (!existsSync(pagePath(r.id))) {
    if (process.argv.includes('--check')) {
      console.warn(`docs/rules/${r.id}.md: missing (npm run docs writes a skeleton)`);
      continue;
    }
    writeFileSync(pagePath(r.id), skeleton(r, RULES));
    console.warn(`docs/rules/${r.id}.md: written from the rule; fill in its TODO sections`);
  }
  for (const p of pageProblems(r, readFileSync(pagePath(r.id), 'utf8'))) console.warn(`docs/rules/${r.id}.md: ${p}`);
}
