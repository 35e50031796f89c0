// The diagnostics publisher over real stdio JSON-RPC: an edit republishes exactly the files whose
// findings changed. Renaming a Gateway republishes the VirtualService bound to it, not the edited
// file and not another VirtualService the index re-checks (their findings did not change).
// A request after the edit is the barrier: the server flushes before answering it, so every
// notification of that flush has arrived when the answer does.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspClient, rpc } from './client.mjs';

const dir = mkdtempSync(join(tmpdir(), 'mesh-publish-'));
const uri = (f) => pathToFileURL(join(dir, f)).href;
const files = {
  'gw.yaml': `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: public
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
`,
  'vs.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: web
spec:
  hosts: ["*"]
  gateways: [public]
  http:
  - directResponse: {status: 200}
`,
  // Unrelated to the Gateway: weights that do not total 100.
  'broken.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: broken
spec:
  hosts: [ratings]
  http:
  - route:
    - destination: {host: ratings, subset: v1}
      weight: 70
    - destination: {host: ratings, subset: v2}
      weight: 20
`,
};
for (const [f, t] of Object.entries(files)) writeFileSync(join(dir, f), t);

let client;
/** URIs of the publishDiagnostics notifications since the last `take()`. */
let sent = [];
const take = () => {
  const out = sent;
  sent = [];
  return out;
};
const barrier = () => client.request(rpc.DocumentSymbolRequest.type, { textDocument: { uri: uri('gw.yaml') } });

before(async () => {
  client = new LspClient({ rootPath: dir });
  const set = client.diagnostics.set.bind(client.diagnostics);
  client.diagnostics.set = (u, d) => {
    sent.push(u);
    return set(u, d);
  };
  await client.initialize();
  await client.waitFor(() => client.diag(uri('broken.yaml')).some((d) => d.code === 'weights-not-100'), 60000, 'broken.yaml diagnostics');
  await barrier();
});
after(async () => {
  await client?.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

const pos = (line, character) => ({ line, character });

test('an edit republishes exactly the files whose findings changed', async () => {
  assert.deepEqual(client.diag(uri('vs.yaml')), [], 'vs.yaml starts clean');
  const brokenBefore = client.diag(uri('broken.yaml'));
  take();
  await client.open(uri('gw.yaml'), files['gw.yaml']);
  await barrier();
  assert.deepEqual(take(), [], 'opening a file whose findings are unchanged publishes nothing');

  // Line 3 is "  name: public": rename the Gateway. The VirtualService that binds to it gets
  // unknown-gateway; the Gateway's own findings (none) and broken.yaml's stay the same.
  await client.change(uri('gw.yaml'), 2, [{ range: { start: pos(3, 8), end: pos(3, 14) }, text: 'public2' }]);
  await client.waitFor(() => client.diag(uri('vs.yaml')).some((d) => d.code === 'unknown-gateway'), 60000, 'unknown-gateway in vs.yaml');
  await barrier();
  assert.deepEqual(take(), [uri('vs.yaml')], 'only the VirtualService, whose findings changed');

  // Renaming back clears it: again only vs.yaml is sent (with no diagnostics).
  await client.change(uri('gw.yaml'), 3, [{ range: { start: pos(3, 8), end: pos(3, 15) }, text: 'public' }]);
  await client.waitFor(() => client.diag(uri('vs.yaml')).length === 0, 60000, 'vs.yaml cleared');
  await barrier();
  assert.deepEqual(take(), [uri('vs.yaml')]);

  // An edit that changes no finding anywhere (a comment) publishes nothing.
  await client.change(uri('gw.yaml'), 4, [{ range: { start: pos(0, 0), end: pos(0, 0) }, text: '# the public gateway\n' }]);
  await barrier();
  assert.deepEqual(take(), []);
  assert.deepEqual(client.diag(uri('broken.yaml')), brokenBefore);
});
