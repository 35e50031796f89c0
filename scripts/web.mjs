// The web playground: `node scripts/web.mjs` builds dist/web and serves it on http://127.0.0.1:8080.
//   --build-only   build and exit
//   --serve-only   serve the existing dist/web
//   --port N       port to listen on (0: any free port)

import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { serveStatic } from './web-serve.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const outdir = join(root, 'dist/web');

/** The schemas monaco-yaml gets, inlined: istio.json (chooses by apiVersion/kind) and every schema it refers to. */
// Served to the page's bundle as the module `mesh-web:schemas`.
const schemaPlugin = {
  name: 'mesh-web-schemas',
  setup(b) {
    b.onResolve({ filter: /^mesh-web:schemas$/ }, () => ({ path: 'schemas', namespace: 'mesh-web' }));
    b.onLoad({ filter: /.*/, namespace: 'mesh-web' }, () => {
      const catalog = JSON.parse(readFileSync(join(root, 'schemas/catalog.json'), 'utf8')).schemas;
      const files = ['istio.json', ...catalog.map((c) => c.file)];
      const lines = files.map((f, i) => `import s${i} from ${JSON.stringify(join(root, 'schemas', f))};`);
      lines.push(`export const SCHEMAS = [${files.map((_, i) => `s${i}`).join(', ')}];`);
      return { contents: lines.join('\n'), loader: 'js', resolveDir: root };
    });
  },
};

export async function buildWeb({ minify = true } = {}) {
  const t0 = Date.now();
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const common = {
    bundle: true,
    minify,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
    target: 'es2022',
    platform: 'browser',
    format: 'iife',
    loader: { '.ttf': 'file', '.yaml': 'text' },
    assetNames: 'assets/[name]-[hash]',
    plugins: [schemaPlugin],
  };
  await Promise.all([
    build({ ...common, entryPoints: { main: join(root, 'web/src/main.ts') }, outdir }),
    build({ ...common, entryPoints: { 'mesh.worker': join(root, 'web/src/worker.ts') }, outdir }),
    build({ ...common, entryPoints: { 'editor.worker': join(root, 'node_modules/monaco-editor/esm/vs/editor/editor.worker.js') }, outdir }),
    build({ ...common, entryPoints: { 'yaml.worker': join(root, 'node_modules/monaco-yaml/yaml.worker.js') }, outdir }),
  ]);
  cpSync(join(root, 'web/index.html'), join(outdir, 'index.html'));
  cpSync(join(root, 'web/favicon.svg'), join(outdir, 'favicon.svg'));
  return { ms: Date.now() - t0, bytes: dirSize(outdir) };
}

export function dirSize(dir) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? dirSize(join(dir, e.name)) : statSync(join(dir, e.name)).size;
  return n;
}

async function main() {
  const args = process.argv.slice(2);
  const portArg = args.indexOf('--port');
  const port = portArg === -1 ? 8080 : Number(args[portArg + 1]);
  if (!args.includes('--serve-only')) {
    const { ms, bytes } = await buildWeb({ minify: !args.includes('--no-minify') });
    console.log(`built dist/web in ${ms} ms: ${(bytes / 1048576).toFixed(2)} MiB`);
  }
  if (args.includes('--build-only')) return;
  const server = await serveStatic(outdir, port);
  console.log(`mesh-lsp playground: http://127.0.0.1:${server.address().port}/`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
