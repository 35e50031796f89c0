// The extension-host suite (test/vscode/suite/, the runner shape of @vscode/test-electron) run
// here through the VS Code build that code-server ships: code-server is started with
// `--vscode-option enable-smoke-test-driver`, which lets its browser workbench honour the
// `extensionDevelopmentPath` and `extensionTestsPath` launch arguments (passed in the URL's
// `payload`, as VS Code's own web test runner does); Chromium opens that URL, the remote
// extension host loads this checkout as the extension under development and runs the suite.
// `npm run test:vscode` runs the same suite in desktop VS Code where it can be downloaded.

import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { saveArtifacts } from '../e2e/artifacts.mjs';
import { isolatedEnv, launchChromium, missingPrerequisites, startCodeServer, writeUserSettings } from '../e2e/codeserver.mjs';
import { root } from '../helpers.mjs';

const missing = [...missingPrerequisites(), ...(existsSync(join(root, 'dist/extension.js')) ? [] : ['dist/extension.js is missing (npm run build)'])];
const skip = missing.length && !process.env.CI ? missing.join('; ') : false;
if (skip) console.log(`# SKIP VS Code extension-host suite: ${skip}`);

/** Resolve with the parsed results file once it says `done`; re-read on every change of its folder. */
function waitForResults(file, timeout) {
  return new Promise((resolve, reject) => {
    mkdirSync(dirname(file), { recursive: true });
    let watcher;
    const finish = (fn, v) => {
      clearTimeout(timer);
      clearInterval(backstop);
      watcher?.close();
      fn(v);
    };
    const check = () => {
      if (!existsSync(file)) return;
      try {
        const r = JSON.parse(readFileSync(file, 'utf8'));
        if (r.done) finish(resolve, r);
      } catch {
        // Half-written: the next change event reads it again.
      }
    };
    const timer = setTimeout(() => {
      let partial = '';
      try {
        partial = readFileSync(file, 'utf8');
      } catch {}
      finish(reject, new Error(`the extension-host suite did not finish within ${timeout} ms${partial ? `; results so far:\n${partial}` : ''}`));
    }, timeout);
    // fs.watch delivers the writes; the slow backstop only covers file systems that drop events.
    const backstop = setInterval(check, 2000);
    watcher = watch(dirname(file), check);
    check();
  });
}

test('VS Code extension host (code-server): the extension-host suite passes', { skip, timeout: 420000 }, async (t) => {
  assert.deepEqual(missing, [], missing.join('; '));
  const started = Date.now();
  const tmp = mkdtempSync(join(tmpdir(), 'mesh-exthost-'));
  const folder = join(tmp, 'workspace');
  const userData = join(tmp, 'user-data');
  const extensionsDir = join(tmp, 'extensions');
  mkdirSync(extensionsDir, { recursive: true });
  cpSync(join(root, 'examples'), folder, { recursive: true });
  writeUserSettings(userData);
  const results = join(tmp, 'results/results.json');
  const trace = join(tmp, 'lsp-trace.log');
  const env = isolatedEnv(tmp, { MESH_VSCODE_RESULTS: results, MESH_LSP_TRACE: trace });
  const server = await startCodeServer({ tmp, folder, userData, extensionsDir, env, args: ['--vscode-option', 'enable-smoke-test-driver'] });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
  let outcome;
  try {
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', `vscode-remote://${server.authority}${root}`],
      ['extensionTestsPath', `vscode-remote://${server.authority}${join(root, 'test/vscode/suite/index.js')}`],
    ]);
    await page.goto(`${server.url}?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(payload)}`);
    outcome = await waitForResults(results, 300000);
    for (const r of outcome.results) {
      await t.test(r.title.replace(/^mesh-lsp in the VS Code extension host /, ''), () => {
        assert.equal(r.state, 'passed', r.error);
      });
    }
    assert.ok(outcome.results.length >= 9, `only ${outcome.results.length} tests ran`);
    assert.equal(outcome.failures, 0, `${outcome.failures} failed`);
    console.log(
      `# extension-host suite: ${outcome.results.length} tests in VS Code ${outcome.vscode} (code-server ${server.log().match(/code-server (\d+\.\d+\.\d+)/)?.[1]}), ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
  } catch (e) {
    const shot = join(tmp, 'screenshot.png');
    await page.screenshot({ path: shot }).catch(() => {});
    saveArtifacts('vscode-extension-host', { 'code-server.log': server.log(), 'browser-console.log': consoleLines.join('\n') }, [
      shot,
      trace,
      results,
      join(userData, 'logs'),
    ]);
    throw e;
  } finally {
    await browser.close();
    await server.stop();
  }
});
