// Shared by the web tests and bench/web.mjs: build dist/web when missing or older than its
// sources, serve it, launch Debian's Chromium through playwright-core, and load one of the
// playground's modules in Node.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { root } from '../helpers.mjs';

export { chromiumBin as CHROMIUM, launchChromium } from '../e2e/codeserver.mjs';

const siteDir = join(root, 'dist/web');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Build the site unless dist/web/main.js is newer than web/ and the core's sources. */
export async function ensureSite() {
  const out = join(siteDir, 'main.js');
  const sources = Math.max(newest(join(root, 'web')), newest(join(root, 'server/src/service')), newest(join(root, 'schemas')));
  if (existsSync(out) && existsSync(join(siteDir, 'mesh.worker.js')) && statSync(out).mtimeMs >= sources) return false;
  const { buildWeb } = await import('../../scripts/web.mjs');
  await buildWeb();
  return true;
}

export async function serveSite() {
  const { serveStatic } = await import('../../scripts/web-serve.mjs');
  const server = await serveStatic(siteDir, 0);
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

/** `#state=` + base64url (no padding) of the UTF-8 JSON workspace, as docs/playground.md specifies. */
export function shareHash(files, active) {
  return `#state=${Buffer.from(JSON.stringify({ files, active }), 'utf8').toString('base64url')}`;
}

/** web/src/<name>.ts bundled on its own and imported in Node. */
export async function loadWebModule(name) {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-web-'));
  try {
    const outfile = join(dir, `${name}.mjs`);
    await build({ entryPoints: [join(root, `web/src/${name}.ts`)], bundle: true, format: 'esm', platform: 'neutral', outfile, logLevel: 'error' });
    return await import(pathToFileURL(outfile).href);
  } finally {
    setTimeout(() => rmSync(dir, { recursive: true, force: true }), 0);
  }
}
