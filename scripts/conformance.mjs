// Writes docs/conformance.md from the conformance harness; `--check` exits 1 when it is stale.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderMarkdown, runConformance } from '../test/conformance/harness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const r = runConformance();
const md = renderMarkdown(r);
const target = join(root, 'docs/conformance.md');
if (process.argv.includes('--check')) {
  if (!existsSync(target) || readFileSync(target, 'utf8') !== md) {
    console.error('docs/conformance.md is stale: run `npm run conformance`');
    process.exit(1);
  }
} else {
  writeFileSync(target, md);
  console.log(`cases ${r.cases}, agreed ${r.agreed}, missed ${r.missed}, extra ${r.extra}, recall ${r.recall.toFixed(1)}%`);
}
