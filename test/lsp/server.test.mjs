// The language server over real stdio JSON-RPC, as an editor drives it.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { mdPlain } from '../helpers.mjs';
import { LspClient, rpc } from './client.mjs';

const dir = mkdtempSync(join(tmpdir(), 'mesh-lsp-'));
const uri = (f) => pathToFileURL(join(dir, f)).href;
const files = {
  'svc.yaml': `apiVersion: v1
kind: Service
metadata:
  name: reviews
spec:
  selector:
    app: reviews
  ports:
  - name: http
    port: 9080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews-v1
spec:
  selector:
    matchLabels: {app: reviews, version: v1}
  template:
    metadata:
      labels:
        app: reviews
        version: v1
    spec:
      containers: [{name: r, image: r}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews-v2
spec:
  selector:
    matchLabels: {app: reviews, version: v2}
  template:
    metadata:
      labels:
        app: reviews
        version: v2
    spec:
      containers: [{name: r, image: r}]
`,
  'dr.yaml': `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  subsets:
  - name: v1
    labels:
      version: v1
  - name: v2
    labels:
      version: v2
`,
  'gw.yaml': `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: public
spec:
  selector:
    istio: ingressgateway
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
`,
  'vs.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  gateways:
  - public
  - mesh
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
      weight: 70
    - destination:
        host: reviews
        subset: v2
      weight: 30
`,
  'broken.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: broken
spec:
  hosts: [reviews]
  gateways: [pubilc]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
`,
};
for (const [f, t] of Object.entries(files)) writeFileSync(join(dir, f), t);

let client;
before(async () => {
  client = new LspClient({ rootPath: dir });
  const init = await client.initialize();
  assert.equal(init.capabilities.textDocumentSync.change, 2, 'incremental sync');
  for (const cap of [
    'hoverProvider',
    'definitionProvider',
    'referencesProvider',
    'renameProvider',
    'completionProvider',
    'documentSymbolProvider',
    'workspaceSymbolProvider',
    'codeLensProvider',
  ])
    assert.ok(init.capabilities[cap], cap);
  assert.equal(init.serverInfo.name, 'mesh-lsp');
});
after(async () => {
  await client?.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

const pos = (line, character) => ({ line, character });
const td = (f) => ({ textDocument: { uri: uri(f) } });

test('diagnostics are pushed for workspace files on disk after initialize', async () => {
  await client.waitFor(() => client.diag(uri('broken.yaml')).length > 0, 60000, 'broken.yaml diagnostics');
  const d = client.diag(uri('broken.yaml'));
  assert.equal(d[0].code, 'unknown-gateway');
  assert.equal(d[0].severity, 1);
  assert.equal(d[0].source, 'mesh-lsp');
  assert.deepEqual(d[0].range.start, pos(6, 13));
  assert.equal(client.diag(uri('vs.yaml')).length, 0);
});

test('cross-file: renaming a subset in the DestinationRule flags the VirtualService at once, and renaming back clears it', async () => {
  await client.open(uri('dr.yaml'), files['dr.yaml']);
  // line 10 is "  - name: v2": change "v2" to "v2-new" with an incremental edit
  await client.change(uri('dr.yaml'), 2, [{ range: { start: pos(10, 10), end: pos(10, 12) }, text: 'v2-new' }]);
  await client.waitFor(() => client.diag(uri('vs.yaml')).some((d) => d.code === 'unknown-subset'), 60000, 'unknown-subset in vs.yaml');
  const d = client.diag(uri('vs.yaml')).find((x) => x.code === 'unknown-subset');
  assert.match(d.message, /Subset v2 is not defined by DestinationRule reviews/);
  assert.deepEqual(d.range.start, pos(18, 16));
  assert.equal(d.relatedInformation[0].location.uri, uri('dr.yaml'));
  await client.change(uri('dr.yaml'), 3, [{ range: { start: pos(10, 10), end: pos(10, 16) }, text: 'v2' }]);
  await client.waitFor(() => client.diag(uri('vs.yaml')).length === 0, 60000, 'vs.yaml cleared');
  // Closing falls back to the disk copy (unchanged): still clean.
  await client.close(uri('dr.yaml'));
});

test('hover: subset, host, weight and gateway', async () => {
  const h = async (line, ch) => mdPlain((await client.request(rpc.HoverRequest.type, { ...td('vs.yaml'), position: pos(line, ch) }))?.contents.value);
  const subset = await h(14, 17);
  assert.match(subset, /Subset \*\*v1\*\* of DestinationRule \*\*reviews\*\* \(dr\.yaml:8\)/);
  assert.match(subset, /version=v1/);
  assert.match(subset, /Deployment reviews-v1 — svc\.yaml:15/);
  const host = await h(13, 16);
  assert.match(host, /reviews → reviews\.default\.svc\.cluster\.local/);
  assert.match(host, /Service \*\*reviews\*\*/);
  const weight = await h(15, 15);
  assert.match(weight, /Weight \*\*70\*\* → \*\*70%\*\*/);
  const gw = await h(8, 5);
  assert.match(gw, /Gateway \*\*public\*\* \(namespace default\) — gw\.yaml:4/);
});

test('definition: subset → DR subset; host → Service; gateway → Gateway; subset labels → workloads', async () => {
  const d = (f, line, ch) => client.request(rpc.DefinitionRequest.type, { ...td(f), position: pos(line, ch) });
  let r = await d('vs.yaml', 18, 17);
  assert.deepEqual([r[0].uri, r[0].range.start], [uri('dr.yaml'), pos(10, 10)]);
  r = await d('vs.yaml', 13, 16);
  assert.deepEqual([r[0].uri, r[0].range.start.line], [uri('svc.yaml'), 3]);
  r = await d('vs.yaml', 8, 4);
  assert.deepEqual([r[0].uri, r[0].range.start.line], [uri('gw.yaml'), 3]);
  r = await d('dr.yaml', 9, 10);
  assert.equal(r.length, 1);
  assert.equal(r[0].uri, uri('svc.yaml'));
  assert.equal(r[0].range.start.line, 21);
});

test('references: DR subset → destinations; Service → VS and DR; Gateway → VS', async () => {
  const refs = (f, line, ch, includeDeclaration = false) =>
    client.request(rpc.ReferencesRequest.type, { ...td(f), position: pos(line, ch), context: { includeDeclaration } });
  let r = await refs('dr.yaml', 7, 10);
  assert.deepEqual(
    r.map((x) => [x.uri, x.range.start.line]).sort(),
    [
      [uri('broken.yaml'), 9],
      [uri('vs.yaml'), 14],
    ].sort(),
  );
  r = await refs('svc.yaml', 3, 8);
  assert.deepEqual(r.map((x) => x.uri).sort(), [uri('broken.yaml'), uri('broken.yaml'), uri('dr.yaml'), uri('vs.yaml'), uri('vs.yaml'), uri('vs.yaml')].sort());
  r = await refs('gw.yaml', 3, 8, true);
  assert.deepEqual(
    r.map((x) => x.uri),
    [uri('gw.yaml'), uri('vs.yaml')],
  );
});

test('rename: a subset across files; refusals with a reason', async () => {
  const prep = await client.request(rpc.PrepareRenameRequest.type, { ...td('vs.yaml'), position: pos(14, 17) });
  assert.equal(prep.placeholder, 'v1');
  const edit = await client.request(rpc.RenameRequest.type, { ...td('vs.yaml'), position: pos(14, 17), newName: 'stable' });
  assert.deepEqual(Object.keys(edit.changes).sort(), [uri('broken.yaml'), uri('dr.yaml'), uri('vs.yaml')].sort());
  assert.deepEqual(edit.changes[uri('dr.yaml')], [{ range: { start: pos(7, 10), end: pos(7, 12) }, newText: 'stable' }]);
  await assert.rejects(client.request(rpc.RenameRequest.type, { ...td('vs.yaml'), position: pos(14, 17), newName: 'Not_Valid' }), /not a valid subset name/);
  await assert.rejects(client.request(rpc.RenameRequest.type, { ...td('vs.yaml'), position: pos(14, 17), newName: 'v2' }), /already exists/);
  await assert.rejects(client.request(rpc.PrepareRenameRequest.type, { ...td('vs.yaml'), position: pos(0, 2) }), /Nothing to rename here/);
  const gw = await client.request(rpc.RenameRequest.type, { ...td('gw.yaml'), position: pos(3, 8), newName: 'edge' });
  assert.deepEqual(Object.keys(gw.changes).sort(), [uri('gw.yaml'), uri('vs.yaml')].sort());
  assert.equal(gw.changes[uri('vs.yaml')][0].newText, 'edge');
});

test('completion: subsets, hosts, gateways, label keys and values', async () => {
  const text = files['vs.yaml'].replace('        subset: v2\n', '        subset: \n');
  await client.open(uri('vs.yaml'), text, 10);
  const c = async (f, line, ch) => (await client.request(rpc.CompletionRequest.type, { ...td(f), position: pos(line, ch) })).map?.((i) => i.label) ?? [];
  assert.deepEqual((await c('vs.yaml', 18, 16)).sort(), ['v1', 'v2']);
  assert.ok((await c('vs.yaml', 13, 14)).includes('reviews'));
  await client.change(uri('vs.yaml'), 11, [{ range: { start: pos(9, 8), end: pos(9, 8) }, text: '  - \n' }]);
  assert.deepEqual((await c('vs.yaml', 9, 4)).sort(), ['mesh', 'public']);
  await client.close(uri('vs.yaml'));
  const drText = `${files['dr.yaml']}  - name: v3\n    labels:\n      \n`;
  await client.open(uri('dr.yaml'), drText, 20);
  const keys = await c('dr.yaml', 15, 6);
  assert.ok(keys.includes('version') && keys.includes('app'), keys.join());
  await client.change(uri('dr.yaml'), 21, [{ range: { start: pos(15, 6), end: pos(15, 6) }, text: 'version: ' }]);
  assert.deepEqual((await c('dr.yaml', 15, 15)).sort(), ['v1', 'v2']);
  await client.close(uri('dr.yaml'));
});

test('document symbols, workspace symbols and code lens', async () => {
  const syms = await client.request(rpc.DocumentSymbolRequest.type, td('vs.yaml'));
  assert.equal(syms[0].name, 'VirtualService reviews');
  assert.equal(syms[0].children[0].name, 'http[0]');
  assert.equal(syms[0].children[0].detail, 'v1 70% · v2 30%');
  const ws = await client.request(rpc.WorkspaceSymbolRequest.type, { query: 'reviews' });
  assert.ok(ws.length >= 4);
  const vsLens = await client.request(rpc.CodeLensRequest.type, td('vs.yaml'));
  assert.deepEqual(
    vsLens.map((l) => [l.range.start.line, l.command.title]),
    [[11, 'v1 70% · v2 30%']],
  );
  const drLens = await client.request(rpc.CodeLensRequest.type, td('dr.yaml'));
  assert.deepEqual(
    drLens.map((l) => l.command.title),
    ['1 workload · 2 routes', '1 workload · 1 route'],
  );
});

test('custom requests for the extension: index stats and traffic split', async () => {
  const stats = await client.request('meshLsp/indexStats', {});
  assert.deepEqual([stats.files, stats.resources], [5, 7]);
  const split = await client.request('meshLsp/trafficSplit', { ...td('vs.yaml'), position: pos(12, 0) });
  assert.match(split.text, /http\[0\]: v1 70% · v2 30%/);
  assert.match(split.text, /workloads: reviews-v2/);
});

test('a malformed request gets a proper error and the server keeps working', async () => {
  await assert.rejects(client.request(rpc.HoverRequest.type, { textDocument: { uri: uri('vs.yaml') } }), (e) => e.code === rpc.ErrorCodes.InternalError);
  await assert.rejects(client.request('mesh/doesNotExist', {}), (e) => e.code === rpc.ErrorCodes.MethodNotFound);
  const ok = await client.request(rpc.HoverRequest.type, { ...td('vs.yaml'), position: pos(14, 17) });
  assert.ok(ok.contents.value.includes('Subset'));
});

test('a request on an out-of-range position answers without error', async () => {
  assert.equal(await client.request(rpc.HoverRequest.type, { ...td('vs.yaml'), position: pos(9999, 9999) }), null);
  assert.deepEqual(await client.request(rpc.DefinitionRequest.type, { ...td('vs.yaml'), position: pos(-1, -5) }), []);
  assert.deepEqual(await client.request(rpc.CompletionRequest.type, { textDocument: { uri: 'file:///nowhere.yaml' }, position: pos(3, 3) }), []);
});

test('watched files: a new file on disk is indexed; its links resolve', async () => {
  const text = files['broken.yaml'].replace('pubilc', 'public');
  writeFileSync(join(dir, 'broken.yaml'), text);
  await client.conn.sendNotification(rpc.DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('broken.yaml'), type: 2 }] });
  await client.waitFor(() => client.diag(uri('broken.yaml')).length === 0, 60000, 'broken.yaml fixed on disk');
  assert.equal(readFileSync(join(dir, 'broken.yaml'), 'utf8'), text);
});
