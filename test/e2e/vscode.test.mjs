// End to end in VS Code as a user drives it (code-server, installed by test/e2e/setup-vscode.sh,
// in Debian's Chromium with playwright-core): install the packaged .vsix, open a seed example
// with a misnested destination from the Explorer, see our finding in the Problems panel, apply
// the quick fix from the editor's lightbulb menu, save, read back the fixed file.
// Every step waits for the DOM state or file that proves it happened; on failure the test saves
// screenshots, code-server's log, VS Code's logs and the server's protocol trace under
// test-results/vscode-ui/.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixtures, root } from '../helpers.mjs';
import { resultsDir, saveArtifacts } from './artifacts.mjs';
import { codeServerBin, isolatedEnv, launchChromium, missingPrerequisites, startCodeServer, writeUserSettings } from './codeserver.mjs';

const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const vsix = join(root, `mesh-lsp-${version}.vsix`);
const missing = [...missingPrerequisites(), ...(existsSync(vsix) ? [] : [`${vsix} is missing (run npm run package)`])];
const skip = missing.length && !process.env.CI ? missing.join('; ') : false;
if (skip) console.log(`# SKIP VS Code end-to-end test: ${skip}`);

const FILE = '001-reviews-50-50.yaml';

/** Resolve with the file's text once it matches `re` (re-read on every change event), or reject after `ms`. */
function fileMatching(path, re, ms) {
  return new Promise((resolve, reject) => {
    let last = '';
    const check = () => {
      try {
        last = readFileSync(path, 'utf8');
      } catch {
        return;
      }
      if (re.test(last)) done(resolve, last);
    };
    const watcher = watch(path, check);
    const backstop = setInterval(check, 1000);
    const timer = setTimeout(() => done(reject, new Error(`${path} did not come to match ${re} within ${ms} ms; it holds:\n${last}`)), ms);
    function done(fn, v) {
      clearTimeout(timer);
      clearInterval(backstop);
      watcher.close();
      fn(v);
    }
    check();
  });
}

test('VS Code: finding in the Problems panel, quick fix applied from the editor', { skip, timeout: 420000 }, async () => {
  assert.deepEqual(missing, [], missing.join('; '));
  const started = Date.now();
  const tmp = mkdtempSync(join(tmpdir(), 'mesh-vscode-'));
  const userData = join(tmp, 'user-data');
  const extensionsDir = join(tmp, 'extensions');
  const folder = join(tmp, 'workspace');
  for (const d of [extensionsDir, folder]) mkdirSync(d, { recursive: true });
  for (const f of [FILE, '001-reviews-destinationrule.yaml']) cpSync(join(fixtures, 'seeds', f), join(folder, f));
  writeUserSettings(userData);
  const trace = join(tmp, 'lsp-trace.log');
  const env = isolatedEnv(tmp, { MESH_LSP_TRACE: trace });
  const install = spawnSync(codeServerBin, ['--user-data-dir', userData, '--extensions-dir', extensionsDir, '--install-extension', vsix], {
    env,
    encoding: 'utf8',
    timeout: 180000,
  });
  assert.equal(install.status, 0, `installing the .vsix failed: ${install.error ?? ''}${install.stdout}${install.stderr}`);

  const server = await startCodeServer({ tmp, folder, userData, extensionsDir, env });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
  const step = async (what, fn) => {
    try {
      return await fn();
    } catch (e) {
      e.message = `${what}: ${e.message}`;
      throw e;
    }
  };
  try {
    await step('workbench', async () => {
      await page.goto(`${server.url}?folder=${encodeURIComponent(folder)}`);
      await page.waitForSelector('.monaco-workbench', { timeout: 120000 });
    });
    await step('open the file from the Explorer', async () => {
      const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: FILE }).first();
      await row.waitFor({ timeout: 120000 });
      await row.dblclick();
      await page.locator('.tabs-container .tab.active', { hasText: FILE }).waitFor({ timeout: 60000 });
      await page.locator('.editor-instance .view-lines', { hasText: 'VirtualService' }).first().waitFor({ timeout: 60000 });
    });
    await step('our finding in the Problems panel', async () => {
      await page.locator('#status\\.problems, .statusbar-item[id="status.problems"]').first().click();
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'sit beside `destination:`' }).first();
      await row.waitFor({ timeout: 120000 });
      const problems = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
      assert.ok(
        problems.some((t) => /misnested-destination/.test(t)),
        problems.join('\n'),
      );
      mkdirSync(resultsDir, { recursive: true });
      await page.screenshot({ path: join(resultsDir, 'vscode-problems.png') });
    });
    await step('go to the finding at line 11, column 7', async () => {
      await page.locator('.editor-instance .view-lines').first().click();
      await page.keyboard.press('Control+G');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 30000 });
      await input.fill(':11:7');
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 30000 });
      await page
        .locator('.statusbar-item', { hasText: /Ln 11, Col 7/ })
        .first()
        .waitFor({ timeout: 30000 });
    });
    await step('quick fix from the lightbulb menu', async () => {
      await page.keyboard.press('Control+.');
      const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Indent host, subset under destination' }).first();
      await fix.waitFor({ timeout: 60000 });
      await page.screenshot({ path: join(resultsDir, 'vscode-quickfix.png') });
      await fix.click();
      // The finding on line 11 leaves the Problems panel once the server has seen the edit.
      await page
        .locator('.markers-panel .monaco-list-row', { hasText: /sit beside.*\[Ln 11,/ })
        .first()
        .waitFor({ state: 'detached', timeout: 60000 });
    });
    await step('save and read the fixed file back', async () => {
      await page.keyboard.press('Control+S');
      const text = await fileMatching(join(folder, FILE), / {4}- destination:\n {8}host: reviews\n {8}subset: v1\n {6}weight: 50\n/, 60000);
      // The fix moved only its own block: the second misnested destination (line 15) is untouched.
      assert.match(text, / {4}- destination:\n {6}host: reviews\n {6}subset: v2\n/);
    });
    await step('the other finding stays', async () => {
      await page
        .locator('.markers-panel .monaco-list-row', { hasText: /sit beside.*\[Ln 15,/ })
        .first()
        .waitFor({ timeout: 60000 });
      await page.screenshot({ path: join(resultsDir, 'vscode-fixed.png') });
    });
    console.log(`# VS Code end-to-end test took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } catch (e) {
    const shot = join(tmp, 'failure.png');
    await page.screenshot({ path: shot }).catch(() => {});
    saveArtifacts(
      'vscode-ui',
      { 'code-server.log': server.log(), 'browser-console.log': consoleLines.join('\n'), 'install.log': install.stdout + install.stderr },
      [shot, trace, join(userData, 'logs')],
    );
    throw e;
  } finally {
    await browser.close();
    await server.stop();
  }
});
