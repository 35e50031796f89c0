// What an end-to-end test leaves behind when it fails: the editor's output, the server's
// protocol trace (MESH_LSP_TRACE) and anything else that explains the failure, under
// test-results/<name>/ at the repository root.
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { root } from '../helpers.mjs';

export const resultsDir = join(root, 'test-results');

/** Save texts ({ 'editor.log': '...' }) and copies of files or folders under test-results/<name>/. */
export function saveArtifacts(name, texts = {}, paths = []) {
  const dir = join(resultsDir, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(texts)) writeFileSync(join(dir, file), text ?? '');
  for (const p of paths) if (p && existsSync(p)) cpSync(p, join(dir, basename(p)), { recursive: true });
  console.log(`# artifacts of the failed ${name} test: ${dir}`);
  return dir;
}
