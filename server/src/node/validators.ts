/**
 * Node-only: load the precompiled schema validators that scripts/build-validators.mjs writes to
 * dist/validators/ (one module per schema, loaded on first use of its kind). Where a module is
 * missing (e.g. running from sources), the core compiles the schema itself.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setPrecompiledValidators } from '../service/schema/validate';

export function validatorFileName(apiVersion: string, kind: string): string {
  return `${apiVersion.replace(/[^A-Za-z0-9.-]/g, '_')}_${kind}.js`;
}

export function installPrecompiledValidators(dir = join(__dirname, 'validators')): boolean {
  if (!existsSync(join(dir, 'stamp'))) return false;
  setPrecompiledValidators((apiVersion, kind) => {
    const file = join(dir, validatorFileName(apiVersion, kind));
    if (!existsSync(file)) return undefined;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(file);
    return (mod.default ?? mod) as ReturnType<NonNullable<Parameters<typeof setPrecompiledValidators>[0]>>;
  });
  return true;
}
