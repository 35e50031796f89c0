// Pull diagnostics (LSP 3.17) over stdio, for a client that offers them: no publishDiagnostics,
// textDocument/diagnostic with result ids, workspace/diagnostic, and refresh requests on change.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspClient, rpc } from './client.mjs';

const dir = mkdtempSync(join(tmpdir(), 'mesh-pull-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const uri = (f) => pathToFileURL(join(dir, f)).href;
const vs = (w2) =>
  `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: web\nspec:\n  hosts: [web]\n  http:\n  - route:\n    - destination: {host: web, subset: v1}\n      weight: 80\n    - destination: {host: web, subset: v1}\n      weight: ${w2}\n`;
writeFileSync(
  join(dir, 'svc.yaml'),
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{name: http, port: 80}]\n',
);
writeFileSync(
  join(dir, 'orphan.yaml'),
  'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: orphan\nspec:\n  hosts: [nowhere]\n  http:\n  - route:\n    - destination: {host: nowhere}\n',
);
writeFileSync(join(dir, 'vs.yaml'), vs(30));

test('pull diagnostics: document and workspace reports, result ids, refresh', async () => {
  const c = new LspClient({ rootPath: dir });
  let pushed = 0;
  let refreshes = 0;
  c.conn.onNotification(rpc.PublishDiagnosticsNotification.type, () => pushed++);
  c.conn.onRequest(rpc.DiagnosticRefreshRequest.type, () => {
    refreshes++;
    for (const w of [...c.waiters]) if (w.check()) w.resolve();
    return null;
  });
  try {
    const init = await c.initialize({
      textDocument: { diagnostic: { dynamicRegistration: false } },
      workspace: { configuration: true, diagnostics: { refreshSupport: true } },
    });
    assert.equal(init.capabilities.diagnosticProvider.workspaceDiagnostics, true);
    await c.open(uri('vs.yaml'), vs(30));
    // The workspace report waits for the index, so it holds the cross-file findings.
    const ws = await c.request(rpc.WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
    const byUri = new Map(ws.items.map((i) => [i.uri, i]));
    assert.ok(byUri.get(uri('orphan.yaml')).items.some((d) => d.code === 'unknown-host'));
    const first = await c.request(rpc.DocumentDiagnosticRequest.type, { textDocument: { uri: uri('vs.yaml') } });
    assert.equal(first.kind, 'full');
    assert.ok(first.items.some((d) => d.code === 'weights-not-100'));
    const again = await c.request(rpc.DocumentDiagnosticRequest.type, { textDocument: { uri: uri('vs.yaml') }, previousResultId: first.resultId });
    assert.deepEqual(again, { kind: 'unchanged', resultId: first.resultId });
    const before = refreshes;
    await c.change(uri('vs.yaml'), 2, [{ text: vs(20) }]);
    await c.waitFor(() => refreshes > before, 10000, 'a diagnostic refresh request');
    const fixed = await c.request(rpc.DocumentDiagnosticRequest.type, { textDocument: { uri: uri('vs.yaml') }, previousResultId: first.resultId });
    assert.equal(fixed.kind, 'full');
    assert.ok(!fixed.items.some((d) => d.code === 'weights-not-100'));
    const ws2 = await c.request(rpc.WorkspaceDiagnosticRequest.type, { previousResultIds: ws.items.map((i) => ({ uri: i.uri, value: i.resultId })) });
    assert.equal(ws2.items.find((i) => i.uri === uri('orphan.yaml')).kind, 'unchanged');
    assert.equal(pushed, 0, 'nothing is pushed to a client that pulls');
  } finally {
    await c.shutdown();
  }
});
