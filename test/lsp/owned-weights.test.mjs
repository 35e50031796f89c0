// Over stdio: weights owned by a controller get no weight edits; a client that shows disabled
// code actions is told who owns them, safe fixes are preferred and suggestions are not.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspClient, rpc } from './client.mjs';

const dir = mkdtempSync(join(tmpdir(), 'mesh-owned-'));
const uri = (f) => pathToFileURL(join(dir, f)).href;
const vs =
  'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\n  annotations:\n    mesh-lsp.dev/weights-managed-by: release-pipeline\nspec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews, subset: v1}\n      weight: 70\n    - destination: {host: reviews, subset: v2}\n      weight: 40\n';
const free = vs.replace('  annotations:\n    mesh-lsp.dev/weights-managed-by: release-pipeline\n', '');
writeFileSync(join(dir, 'vs.yaml'), vs);
writeFileSync(join(dir, 'free.yaml'), free.replace('name: reviews', 'name: ratings').replace(/reviews/g, 'ratings'));

const client = new LspClient({ rootPath: dir });
after(() => client.shutdown());

test('owned weights: a disabled action names the owner; free weights: the normalize fix is a suggestion, not preferred', async () => {
  await client.initialize({ textDocument: { publishDiagnostics: { relatedInformation: true }, codeAction: { disabledSupport: true } } });
  await client.open(uri('vs.yaml'), vs);
  await client.waitFor(() => client.diag(uri('vs.yaml')).some((d) => d.code === 'weights-not-100'), 10000, 'weights finding');
  const d = client.diag(uri('vs.yaml')).find((x) => x.code === 'weights-not-100');
  let actions = await client.request(rpc.CodeActionRequest.type, { textDocument: { uri: uri('vs.yaml') }, range: d.range, context: { diagnostics: [d] } });
  assert.ok(!actions.some((a) => !a.disabled && /weights|canary/i.test(a.title)), actions.map((a) => a.title).join(' | '));
  const owned = actions.find((a) => a.disabled);
  assert.match(owned.disabled.reason, /managed by release-pipeline/);
  const text = free.replace('name: reviews', 'name: ratings').replace(/reviews/g, 'ratings');
  await client.open(uri('free.yaml'), text);
  await client.waitFor(() => client.diag(uri('free.yaml')).some((x) => x.code === 'weights-not-100'), 10000, 'weights finding (free)');
  const f = client.diag(uri('free.yaml')).find((x) => x.code === 'weights-not-100');
  actions = await client.request(rpc.CodeActionRequest.type, { textDocument: { uri: uri('free.yaml') }, range: f.range, context: { diagnostics: [f] } });
  const normalize = actions.find((a) => a.title.startsWith('Normalize weights to 100'));
  assert.ok(normalize, actions.map((a) => a.title).join(' | '));
  assert.equal(normalize.isPreferred, undefined, 'a suggestion is never preferred (auto-fix applies preferred fixes)');
  assert.ok(!actions.some((a) => a.disabled));
});
