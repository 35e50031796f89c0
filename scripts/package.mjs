// npm run package: mesh-lsp-<version>.vsix with @vscode/vsce, offline. Everything the extension
// runs is bundled in dist/ (server, extension), so no node_modules go into the package.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = join(root, `mesh-lsp-${version}.vsix`);
const vsce = join(dirname(createRequire(import.meta.url).resolve('@vscode/vsce/package.json')), 'vsce');
execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', out], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, VSCE_TELEMETRY: 'false' },
});
console.log(`${out}: ${(statSync(out).size / 1024).toFixed(0)} KiB`);
