// The analysis core stays editor- and platform-agnostic: no file system, no Node-only module,
// no LSP connection; its browser bundle loads and analyzes text on its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './helpers.mjs';

function tsFiles(dir, out = []) {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) tsFiles(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

test('server/src/service imports no Node module and no LSP connection', () => {
  const banned = /from\s+['"](node:[^'"]+|fs|path|os|child_process|url|vscode-languageserver(\/node)?|vscode-languageserver\/browser|vscode)['"]/;
  const files = tsFiles(join(root, 'server/src/service'));
  assert.ok(files.length > 10);
  for (const f of files) {
    const src = readFileSync(f, 'utf8');
    assert.doesNotMatch(src, banned, f);
    assert.doesNotMatch(src, /\brequire\(/, f);
    assert.doesNotMatch(src, /\bprocess\./, f);
  }
});

test('the browser bundle of the core analyzes text without Node APIs', async () => {
  const mod = await import(pathToFileURL(join(root, 'dist/service.browser.mjs')).href);
  const ws = mod.createWorkspace();
  ws.setFile('inmemory://model/vs.yaml', 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: x\nspec:\n  hosts: [x]\n  gateways: [nowhere]\n  http:\n  - directResponse: {status: 200}\n');
  assert.deepEqual(ws.diagnostics('inmemory://model/vs.yaml').map((d) => d.rule), ['unknown-gateway']);
});
