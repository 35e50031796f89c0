// Baseline: read the same files as meshlint and parse every document with the `yaml` package, nothing else.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

function walk(dir, out = []) {
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.ya?ml$/.test(p)) out.push(p);
  }
  return out;
}
let docs = 0;
for (const f of walk(process.argv[2])) docs += parseAllDocuments(readFileSync(f, 'utf8')).length;
process.stdout.write(`${docs}\n`);
