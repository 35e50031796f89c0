// Extension-host test entry in the shape @vscode/test-electron (and code-server, see
// ../extension-host.test.mjs) run: VS Code requires this module inside the extension host and
// awaits `run()`. It runs mesh.suite.js with mocha and, when MESH_VSCODE_RESULTS names a file,
// writes every test's outcome there as JSON, so a harness outside VS Code can read them.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

exports.run = function run() {
  const mocha = new Mocha({ ui: 'tdd', timeout: 120000, color: false, reporter: 'spec' });
  mocha.addFile(path.join(__dirname, 'mesh.suite.js'));
  const results = [];
  const out = process.env.MESH_VSCODE_RESULTS;
  const save = (done, extra = {}) => {
    if (!out) return;
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify({ done, results, vscode: require('vscode').version, ...extra }, null, 2));
  };
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        save(true, { failures });
        if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
        else resolve();
      });
      runner.on('pass', (t) => {
        results.push({ title: t.fullTitle(), state: 'passed', duration: t.duration });
        save(false);
      });
      runner.on('fail', (t, err) => {
        results.push({ title: t.fullTitle(), state: 'failed', error: String(err?.stack || err) });
        save(false);
      });
    } catch (e) {
      save(true, { failures: 1, error: String(e?.stack) });
      reject(e);
    }
  });
};
