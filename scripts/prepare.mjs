// npm's `prepare` script: the build (scripts/build.mjs), after making sure the build tools are
// installed. npm installs a package's devDependencies before `prepare` everywhere but in one case:
// preparing a git dependency for a global install (`npm install -g git+…`, which is how pre-commit
// installs a `language: node` hook), where the install lands in the global prefix instead
// (npm/cli#8440). The dependencies are then installed here, into this folder, first.

import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
try {
  require.resolve('esbuild');
} catch {
  const npm = process.env.npm_execpath;
  console.log('prepare: installing the build tools (devDependencies) into this folder first');
  const env = { ...process.env, npm_config_global: 'false' };
  for (const k of Object.keys(env)) if (/^npm_config_prefix$/i.test(k)) delete env[k];
  const args = ['install', '--include=dev', '--ignore-scripts', '--no-save', '--no-audit', '--no-fund', '--prefix', root];
  // An install needs the bundles, not the type check that development builds run.
  process.env.MESH_SKIP_TYPECHECK = '1';
  if (npm && /\.c?js$/.test(npm)) execFileSync(process.execPath, [npm, ...args], { cwd: root, env, stdio: 'inherit' });
  else execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd: root, env, stdio: 'inherit', shell: process.platform === 'win32' });
}
await import(pathToFileURL(join(root, 'scripts/build.mjs')).href);
