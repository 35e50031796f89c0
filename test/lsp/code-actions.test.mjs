// textDocument/codeAction over stdio: quick fixes with their diagnostics, canary steps, a cross-file WorkspaceEdit.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { fixtures } from '../helpers.mjs';
import { LspClient, rpc } from './client.mjs';

const dir = mkdtempSync(join(tmpdir(), 'mesh-ca-'));
const uri = (f) => pathToFileURL(join(dir, f)).href;
writeFileSync(join(dir, 'bookinfo.yaml'), readFileSync(join(fixtures, 'istio-corpus/bookinfo-platform/bookinfo.yaml'), 'utf8'));
writeFileSync(
  join(dir, 'dr.yaml'),
  'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: reviews\nspec:\n  host: reviews\n  subsets:\n  - name: v1\n    labels:\n      version: v1\n',
);
const vs =
  'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\nspec:\n  hosts:\n  - reviews\n  http:\n  - route:\n    - destination:\n      host: reviews\n      subset: v1\n';
writeFileSync(join(dir, 'vs.yaml'), vs);

const client = new LspClient({ rootPath: dir });
after(() => client.shutdown());

test('code actions over stdio', async () => {
  const init = await client.initialize();
  assert.deepEqual(init.capabilities.codeActionProvider.codeActionKinds, ['quickfix', 'refactor.rewrite', 'source.fixAll', 'source.fixAll.meshLsp']);
  await client.open(uri('vs.yaml'), vs);
  await client.waitFor(() => client.diag(uri('vs.yaml')).some((d) => d.code === 'misnested-destination'), 60000, 'misnested finding');
  const diag = client.diag(uri('vs.yaml')).find((d) => d.code === 'misnested-destination');
  // A diagnostic carries the finding's id and nothing else: the server computes its fixes from it.
  assert.deepEqual(Object.keys(diag.data), ['id']);
  assert.match(diag.data.id, /^misnested-destination\|VirtualService\/default\/reviews\|spec\.http\[0\]\.route\[0\]/);
  const actions = await client.request(rpc.CodeActionRequest.type, {
    textDocument: { uri: uri('vs.yaml') },
    range: diag.range,
    context: { diagnostics: [diag] },
  });
  const fix = actions.find((a) => a.kind === 'quickfix');
  assert.equal(fix.title, 'Indent host, subset under destination');
  assert.equal(fix.isPreferred, true);
  assert.equal(fix.diagnostics[0].code, 'misnested-destination');
  assert.equal(fix.diagnostics[0].data.id, diag.data.id);
  assert.deepEqual(
    fix.edit.changes[uri('vs.yaml')].map((e) => [e.range.start.line, e.newText]),
    [
      [10, '  '],
      [11, '  '],
    ],
  );
  // Canary start: creates subset v2 in dr.yaml from the reviews-v2 Deployment; one WorkspaceEdit across both files.
  const start = actions.find((a) => a.title.startsWith('Start canary: v2'));
  assert.equal(start.kind, 'refactor.rewrite');
  assert.deepEqual(Object.keys(start.edit.changes).sort(), [uri('dr.yaml'), uri('vs.yaml')].sort());
  const only = await client.request(rpc.CodeActionRequest.type, {
    textDocument: { uri: uri('vs.yaml') },
    range: diag.range,
    context: { diagnostics: [], only: ['quickfix'] },
  });
  assert.ok(only.every((a) => a.kind === 'quickfix'));
});
