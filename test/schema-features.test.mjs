// Schema-driven hover on keys and completion of keys and enum values.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mdPlain, svc } from './helpers.mjs';

const vs = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: r
spec:
  hosts: [r]
  http:
  - retries:
      attempts: 3
    route:
    - destination:
        host: r
`;

test('hover on a key shows its description and type', () => {
  const ws = svc.createWorkspace();
  ws.setFile('file:///vs.yaml', vs);
  const h = svc.hover(ws, 'file:///vs.yaml', { line: 8, character: 8 });
  assert.match(mdPlain(h.contents.value), /^\*\*spec\.http\.retries\.attempts\*\* — `integer` \(VirtualService networking\.istio\.io\/v1\)/);
  assert.match(mdPlain(h.contents.value), /Number of retries/);
  const dep = svc.createWorkspace();
  dep.setFile('file:///d.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: 2\n');
  assert.match(
    mdPlain(svc.hover(dep, 'file:///d.yaml', { line: 5, character: 4 }).contents.value),
    /\*\*spec\.replicas\*\* — `number`.*Number of desired pods/s,
  );
});

test('completion of keys valid at the cursor, with snippets, and of enum values', () => {
  const ws = svc.createWorkspace();
  const text = vs.replace('    route:\n', '    \n    route:\n');
  ws.setFile('file:///vs.yaml', text);
  const items = svc.completion(ws, 'file:///vs.yaml', { line: 9, character: 4 });
  const labels = items.map((i) => i.label);
  for (const k of ['timeout', 'fault', 'mirror', 'corsPolicy', 'match']) assert.ok(labels.includes(k), k);
  assert.ok(!labels.includes('retries') && !labels.includes('route'), 'siblings already present are not offered');
  const fault = items.find((i) => i.label === 'fault');
  assert.equal(fault.insertText, 'fault:\n  $0');
  const dr = svc.createWorkspace();
  dr.setFile(
    'file:///dr.yaml',
    'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: r\nspec:\n  host: r\n  trafficPolicy:\n    loadBalancer:\n      simple: \n',
  );
  const values = svc.completion(dr, 'file:///dr.yaml', { line: 8, character: 14 }).map((i) => i.label);
  assert.ok(values.includes('ROUND_ROBIN') && values.includes('LEAST_REQUEST'), values.join());
});
