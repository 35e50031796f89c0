// Precompile the schema validators (ajv standalone code), one module per schema, into
// dist/validators/. The CLI and the language server load the module of a kind on first use
// instead of compiling its schema at run time (compiling costs 100–200 ms per kind; loading the
// precompiled module, about a tenth of that). Skipped when the schemas and ajv's options did not change.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Must match the options of the run-time compiler in server/src/service/schema/validate.ts.
export const AJV_OPTIONS = { allErrors: true, strict: false, verbose: true, validateSchema: false, addUsedSchema: false };

export function validatorFileName(apiVersion, kind) {
  return `${apiVersion.replace(/[^A-Za-z0-9.-]/g, '_')}_${kind}.js`;
}

export async function buildValidators() {
  const out = join(root, 'dist/validators');
  const catalog = JSON.parse(readFileSync(join(root, 'schemas/catalog.json'), 'utf8')).schemas;
  const hash = createHash('sha256');
  hash.update(JSON.stringify(AJV_OPTIONS));
  hash.update(readFileSync(join(root, 'node_modules/ajv/package.json')));
  hash.update(readFileSync(new URL(import.meta.url)));
  for (const c of catalog) hash.update(readFileSync(join(root, 'schemas', c.file)));
  const stamp = hash.digest('hex');
  const stampFile = join(out, 'stamp');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return;
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'src'), { recursive: true });
  const entries = [];
  for (const c of catalog) {
    const { $id: _id, $schema: _s, ...schema } = JSON.parse(readFileSync(join(root, 'schemas', c.file), 'utf8'));
    const ajv = new Ajv.default({ ...AJV_OPTIONS, code: { source: true, optimize: 1 } });
    const src = standaloneCode.default(ajv, ajv.compile(schema));
    const name = validatorFileName(c.apiVersion, c.kind);
    writeFileSync(join(out, 'src', name), src);
    entries.push(join(out, 'src', name));
  }
  // Bundle ajv's small run-time helpers into each module, so dist/ needs no node_modules.
  await build({
    entryPoints: entries,
    outdir: out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    logLevel: 'warning',
    legalComments: 'none',
  });
  rmSync(join(out, 'src'), { recursive: true, force: true });
  writeFileSync(stampFile, stamp);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildValidators();
