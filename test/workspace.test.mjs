// The workspace index: incremental updates and the files they affect.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { svc } from './helpers.mjs';
import { deployment, destinationRule, service, virtualService } from './rules/_fixtures.mjs';

const codes = (ws, uri) => ws.diagnostics(uri).map((d) => d.rule);

test('renaming a subset in a DestinationRule affects the VirtualService in another file, and renaming back clears it', () => {
  const ws = svc.createWorkspace();
  ws.setFile(
    'file:///dr.yaml',
    destinationRule('r', 'r', [
      ['v1', { version: 'v1' }],
      ['v2', { version: 'v2' }],
    ]),
  );
  ws.setFile(
    'file:///vs.yaml',
    virtualService('r', 'r', [
      ['r', 'v1', 50],
      ['r', 'v2', 50],
    ]),
  );
  ws.setFile('file:///other.yaml', virtualService('o', 'o', [['o', undefined]]));
  assert.ok(!codes(ws, 'file:///vs.yaml').includes('unknown-subset'));
  codes(ws, 'file:///other.yaml');
  const renamed = ws.setFile(
    'file:///dr.yaml',
    destinationRule('r', 'r', [
      ['v1', { version: 'v1' }],
      ['v2-new', { version: 'v2' }],
    ]),
  );
  assert.deepEqual(renamed.affected.sort(), ['file:///dr.yaml', 'file:///vs.yaml']);
  assert.ok(codes(ws, 'file:///vs.yaml').includes('unknown-subset'));
  const back = ws.setFile(
    'file:///dr.yaml',
    destinationRule('r', 'r', [
      ['v1', { version: 'v1' }],
      ['v2', { version: 'v2' }],
    ]),
  );
  assert.ok(back.affected.includes('file:///vs.yaml'));
  assert.ok(!codes(ws, 'file:///vs.yaml').includes('unknown-subset'));
});

test('a new workload re-checks the DestinationRules of its namespace; removing a file re-checks its dependents', () => {
  const ws = svc.createWorkspace();
  ws.setFile('file:///svc.yaml', `${service('r')}---\n${deployment('r-v1', { app: 'r', version: 'v1' })}`);
  ws.setFile('file:///dr.yaml', destinationRule('r', 'r', [['v2', { version: 'v2' }]]));
  assert.ok(codes(ws, 'file:///dr.yaml').includes('subset-no-workload'));
  const add = ws.setFile('file:///v2.yaml', deployment('r-v2', { app: 'r', version: 'v2' }));
  assert.ok(add.affected.includes('file:///dr.yaml'));
  assert.ok(!codes(ws, 'file:///dr.yaml').includes('subset-no-workload'));
  const rm = ws.removeFile('file:///svc.yaml');
  assert.ok(rm.affected.includes('file:///dr.yaml'));
  assert.ok(codes(ws, 'file:///dr.yaml').includes('unknown-host'));
});

test('editing one document of a multi-document file re-parses only that document', () => {
  const ws = svc.createWorkspace();
  const docs = Array.from({ length: 50 }, (_, i) => service(`s${i}`));
  ws.setFile('file:///big.yaml', docs.join('---\n'));
  const before = ws.getFile('file:///big.yaml').docs.map((d) => d.doc);
  docs[25] = service('s25-renamed');
  const r = ws.setFile('file:///big.yaml', docs.join('---\n'));
  const after = ws.getFile('file:///big.yaml').docs.map((d) => d.doc);
  assert.equal(after.length, 50);
  const reused = after.filter((d, i) => d === before[i]).length;
  assert.equal(reused, 49);
  assert.equal(ws.getFile('file:///big.yaml').resources[25].name, 's25-renamed');
  // Offsets of the documents after the edit follow the new text.
  const res = ws.getFile('file:///big.yaml').resources[40];
  const [start] = svc.span(res, res.nameNode);
  assert.equal(ws.getFile('file:///big.yaml').text.slice(start, start + 3), 's40');
  assert.deepEqual(r.affected, ['file:///big.yaml']);
});

test('an unchanged text is a no-op', () => {
  const ws = svc.createWorkspace();
  ws.setFile('file:///a.yaml', service('a'));
  assert.deepEqual(ws.setFile('file:///a.yaml', service('a')).affected, []);
});

test('kind: List items are resources too', () => {
  const ws = svc.createWorkspace();
  ws.setFile(
    'file:///list.yaml',
    'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: a}\n- apiVersion: networking.istio.io/v1beta1\n  kind: DestinationRule\n  metadata: {name: a}\n  spec: {host: a, subsets: [{name: v1, labels: {version: v1}}]}\n',
  );
  const r = ws.getFile('file:///list.yaml').resources;
  assert.deepEqual(
    r.map((x) => [x.kind, x.name, x.listIndex]),
    [
      ['Service', 'a', 0],
      ['DestinationRule', 'a', 1],
    ],
  );
  assert.ok(!codes(ws, 'file:///list.yaml').includes('unknown-host'));
});

test('host resolution as Istio does it', () => {
  assert.equal(svc.toFQDN('reviews', 'prod'), 'reviews.prod.svc.cluster.local');
  assert.equal(svc.toFQDN('reviews', ''), 'reviews.default.svc.cluster.local');
  assert.equal(svc.toFQDN('reviews.prod.svc.cluster.local', 'x'), 'reviews.prod.svc.cluster.local');
  assert.equal(svc.toFQDN('*.example.com', 'x'), '*.example.com');
  assert.equal(svc.toFQDN('10.0.0.1', 'x'), '10.0.0.1');
  assert.ok(svc.hostMatches('*.example.com', 'api.example.com'));
  assert.ok(!svc.hostMatches('*.example.com', 'example.org'));
  assert.deepEqual(svc.parseGatewayRef('istio-system/edge', 'app'), { mesh: false, namespace: 'istio-system', name: 'edge' });
  assert.deepEqual(svc.parseGatewayRef('edge', 'app'), { mesh: false, namespace: 'app', name: 'edge' });
  assert.deepEqual(svc.parseGatewayRef('mesh', 'app'), { mesh: true, namespace: '', name: 'mesh' });
});

test('settings: severity overrides and off', () => {
  const ws = svc.createWorkspace({ rules: { 'unknown-host': 'off', 'duplicate-destination': 'off', 'weights-not-100': 'error' } });
  ws.setFile(
    'file:///vs.yaml',
    virtualService('r', 'r', [
      ['r', undefined, 70],
      ['r', undefined, 40],
    ]),
  );
  const d = ws.diagnostics('file:///vs.yaml');
  assert.deepEqual(
    d.map((x) => [x.rule, x.severity]),
    [['weights-not-100', 'error']],
  );
});
