// Build: generate the rule registry, type-check (unless --no-check), bundle with esbuild.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
execFileSync(process.execPath, ['scripts/gen-registry.mjs'], { stdio: 'inherit' });
if (!process.argv.includes('--no-check') && !process.env.MESH_SKIP_TYPECHECK) {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { stdio: 'inherit' });
}
mkdirSync('dist', { recursive: true });
const common = { bundle: true, sourcemap: true, logLevel: 'warning', legalComments: 'none' };
const node = { ...common, platform: 'node', target: 'node20', format: 'cjs' };
const jobs = [
  build({ ...node, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' }),
  // The core as a library: one CommonJS build for Node, one ES module build for browsers.
  build({ ...node, entryPoints: ['server/src/service/index.ts'], outfile: 'dist/service.js' }),
  build({ ...common, platform: 'browser', target: 'es2022', format: 'esm', entryPoints: ['server/src/service/index.ts'], outfile: 'dist/service.browser.mjs' }),
];
if (existsSync('server/src/server.ts')) jobs.push(build({ ...node, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }));
if (existsSync('client/src/extension.ts'))
  jobs.push(build({ ...node, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }));
await Promise.all(jobs);
