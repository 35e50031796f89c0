// npm run package: mesh-lsp-<version>.vsix (or --out <file>) with @vscode/vsce, offline. Everything the extension
// runs is bundled in dist/ (server, extension), so no node_modules go into the package; the
// files are package.json's `files` list, the same as the npm tarball's. A warning from vsce
// (a missing icon, license, repository or changelog, an unused files pattern...) fails the run:
// the .vsix is the one published to the VS Code Marketplace and Open VSX as it is.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// --out <file>: write the package elsewhere (default: mesh-lsp-<version>.vsix at the root).
const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? resolve(process.argv[outArg + 1]) : join(root, `mesh-lsp-${version}.vsix`);
const vsce = join(dirname(createRequire(import.meta.url).resolve('@vscode/vsce/package.json')), 'vsce');
const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'pipe'],
  encoding: 'utf8',
  env: { ...process.env, VSCE_TELEMETRY: 'false' },
});
process.stdout.write(r.stdout);
process.stderr.write(r.stderr);
if (r.status !== 0) process.exit(r.status ?? 1);
const warnings = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => /\bWARNING\b/.test(l));
if (warnings.length) {
  console.error(`vsce package printed ${warnings.length} warning(s); a published .vsix must have none:\n${warnings.join('\n')}`);
  process.exit(1);
}
console.log(`${out}: ${(statSync(out).size / 1024).toFixed(0)} KiB`);
