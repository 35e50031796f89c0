// Fix-all in the editor (source.fixAll.meshLsp) over stdio: the same result as `meshlint --fix` on the same file.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { root } from '../helpers.mjs';
import { LspClient, rpc } from './client.mjs';

// examples/ has a misnested destination (safe fix) and a misspelled gateway and weights off 100
// (suggestions); a pasted non-breaking space is added (safe fix).
const copy = () => {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-fixall-'));
  cpSync(join(root, 'examples'), dir, { recursive: true });
  const file = join(dir, 'virtual-services.yaml');
  const text = readFileSync(file, 'utf8');
  assert.match(text, /^apiVersion: /m);
  writeFileSync(file, text.replace('apiVersion: ', 'apiVersion:\u00a0'));
  return { dir, file, text: readFileSync(file, 'utf8') };
};

/** Apply LSP TextEdits (UTF-16 positions) to a text. */
function applyEdits(text, edits) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const off = (p) => starts[p.line] + p.character;
  for (const e of [...edits].sort((a, b) => off(b.range.start) - off(a.range.start)))
    text = text.slice(0, off(e.range.start)) + e.newText + text.slice(off(e.range.end));
  return text;
}

const ws = copy();
const uri = pathToFileURL(ws.file).href;
const client = new LspClient({ rootPath: ws.dir });
after(() => client.shutdown());

test('source.fixAll.meshLsp: one edit of the document whose result is what meshlint --fix writes; suggestions are not applied', async () => {
  const init = await client.initialize();
  assert.ok(init.capabilities.codeActionProvider.codeActionKinds.includes('source.fixAll.meshLsp'));
  assert.ok(init.capabilities.codeActionProvider.codeActionKinds.includes('source.fixAll'));
  await client.open(uri, ws.text);
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const ask = (only) => client.request(rpc.CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics: [], only, triggerKind: 2 } });
  const actions = await ask(['source.fixAll.meshLsp']);
  assert.equal(actions.length, 1);
  const [fixAll] = actions;
  assert.equal(fixAll.kind, 'source.fixAll.meshLsp');
  assert.deepEqual(Object.keys(fixAll.edit.changes), [uri]);
  assert.equal(fixAll.edit.changes[uri].length, 1);
  const edited = applyEdits(ws.text, fixAll.edit.changes[uri]);

  const cli = copy();
  const r = spawnSync(process.execPath, [join(root, 'bin/meshlint.js'), '--fix', '.'], { cwd: cli.dir, encoding: 'utf8' });
  assert.match(r.stderr, /applied 2 fixes in 1 file \(.*misnested-destination 1.*\)/);
  const written = readFileSync(cli.file, 'utf8');
  assert.notEqual(written, ws.text);
  assert.equal(edited, written);
  assert.ok(!edited.includes('\u00a0'), 'the pasted space is fixed');
  assert.match(edited, / {12}host: payments\n {12}subset: v1\n/, 'the destination is nested');
  assert.match(edited, /- shop-gatway\n/, 'the gateway suggestion is not applied');
  assert.match(edited, /weight: 90\n/, 'the weight suggestion is not applied');

  // The server's copy is untouched (the editor applies the edit): asking again gives the same edit.
  assert.deepEqual(await ask(['source.fixAll.meshLsp']), actions);
  // Asked as source.fixAll (codeActionsOnSave "source.fixAll") or source: the same action.
  assert.deepEqual(
    (await ask(['source.fixAll'])).map((a) => a.kind),
    ['source.fixAll.meshLsp'],
  );
  assert.deepEqual(
    (await ask(['source'])).map((a) => a.kind),
    ['source.fixAll.meshLsp'],
  );
  // Not computed for the light bulb or for quick fixes.
  assert.ok(!(await ask(undefined)).some((a) => a.kind.startsWith('source')));
  assert.ok(!(await ask(['quickfix'])).some((a) => a.kind.startsWith('source')));
  // After the edit, nothing is left to fix: no action.
  await client.change(uri, 2, [{ text: edited }]);
  assert.deepEqual(await ask(['source.fixAll.meshLsp']), []);
});
