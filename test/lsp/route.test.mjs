// "Where does this request go?" over real stdio JSON-RPC: the server simulates the request on the
// indexed workspace and returns the route's location, a summary and the full report.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { root } from '../helpers.mjs';
import { LspClient, rpc } from './client.mjs';

const dir = join(root, 'test/fixtures/routing/bookinfo');
const fileUri = pathToFileURL(join(dir, 'bookinfo.yaml')).href;
let client;

before(async () => {
  client = new LspClient({ rootPath: dir });
  await client.initialize();
  await client.waitFor(() => client.diagnostics.has(fileUri), 10000, 'the workspace to be indexed');
});
after(() => client?.shutdown());

test('meshLsp/whereDoesRequestGo: the route that takes the request, with its range', async () => {
  const r = await client.request('meshLsp/whereDoesRequestGo', { line: 'GET reviews.bookinfo.svc.cluster.local/reviews/1 end-user=jason' });
  assert.equal(r.matched, true);
  assert.equal(r.location.uri, fileUri);
  assert.equal(r.location.range.start.line, 55);
  assert.equal(r.summary, 'reviews.bookinfo.svc.cluster.local subset v2 100%');
  assert.match(r.report, /Matched: VirtualService bookinfo\/reviews http\[0\], match\[0\] at bookinfo\.yaml:56/);
  const gw = await client.request('meshLsp/whereDoesRequestGo', { line: 'bookinfo.example.com/admin @bookinfo/bookinfo-gateway' });
  assert.equal(gw.matched, false);
  assert.match(gw.summary, /no HTTP route of VirtualService bookinfo\/bookinfo matches/);
  assert.equal(gw.candidates[0].name, 'VirtualService bookinfo/bookinfo');
  assert.match(gw.candidates[0].reasons[0], /path "\/admin" is not exactly "\/productpage"/);
});

test('meshLsp/whereDoesRequestGo: a request line without a host is an invalid-params error', async () => {
  await assert.rejects(
    client.request('meshLsp/whereDoesRequestGo', { line: 'end-user=jason' }),
    (e) => e.code === rpc.ErrorCodes.InvalidParams && /needs a host first/.test(e.message),
  );
  await assert.rejects(client.request('meshLsp/whereDoesRequestGo', { line: 'GET a.example.com oops' }), (e) => e.code === rpc.ErrorCodes.InvalidParams);
});
