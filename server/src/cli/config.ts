/** The settings file: `.meshlintrc.json` (or `--config <file>`), the same shape as the editor settings. */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from './files';

export const CONFIG_NAMES = ['.meshlintrc.json', 'meshlint.config.json'];

export function loadConfig(path: string | undefined, cwd: string): unknown {
  let file = path ? resolve(cwd, path) : undefined;
  if (!file) file = CONFIG_NAMES.map((n) => join(cwd, n)).find((p) => existsSync(p));
  if (!file) return {};
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read config ${file}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`config ${file} is not valid JSON: ${(e as Error).message}`);
  }
}
