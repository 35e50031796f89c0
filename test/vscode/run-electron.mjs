// npm run test:vscode: the extension-host suite (test/vscode/suite/) in desktop VS Code, with
// @vscode/test-electron, which downloads a VS Code build first (so it needs that download to be
// reachable; where it is not, npm test runs the same suite through code-server instead:
// test/vscode/extension-host.test.mjs).

import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const workspace = join(mkdtempSync(join(tmpdir(), 'mesh-vscode-')), 'workspace');
cpSync(join(root, 'examples'), workspace, { recursive: true });
try {
  await runTests({
    version: process.env.VSCODE_VERSION || 'stable',
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'test/vscode/suite/index.js'),
    extensionTestsEnv: { MESH_VSCODE_RESULTS: join(root, 'test-results/vscode-electron/results.json') },
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
} catch (e) {
  console.error(`extension-host suite failed: ${e?.message ?? e}`);
  process.exit(1);
}
