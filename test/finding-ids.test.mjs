// Findings have a stable id (rule, resource, path within it): the same finding keeps its id when
// the file is edited elsewhere, two findings of one rule at one place get distinct ids, and the
// fixes of a finding are asked for by its id.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { svc } from './helpers.mjs';

const URI = 'file:///w/vs.yaml';
const VS = (name, weights) =>
  `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: ${name}\nspec:\n  hosts: [${name}]\n  http:\n  - route:\n${weights
    .map((w, i) => `    - destination: {host: ${name}, subset: s${i}}\n      weight: ${w}\n`)
    .join('')}`;
const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: unrelated\ndata:\n  a: b\n';

function workspace(text) {
  const ws = new svc.Workspace(svc.RULES, svc.DEFAULT_SETTINGS);
  ws.setFile(URI, text);
  return ws;
}
const idsOf = (ws, rule) =>
  ws
    .findings(URI)
    .filter((f) => f.rule === rule)
    .map((f) => f.id);

test('a finding is named by its rule, its resource and its path in the resource', () => {
  const ws = workspace(VS('r', [30, 30]));
  assert.deepEqual(idsOf(ws, 'weights-not-100'), ['weights-not-100|VirtualService/default/r|spec.http[0].route:key']);
  for (const f of ws.findings(URI)) assert.equal(typeof f.id, 'string', `${f.rule} has an id`);
});

test('the id stays when the file is edited elsewhere (a document added before, another resource changed)', () => {
  const before = workspace(`${VS('a', [30, 30])}---\n${VS('b', [10, 10])}`);
  const after = workspace(`${CONFIG_MAP}---\n${VS('a', [30, 30])}---\n${VS('b', [10, 10, 10])}`);
  const a = (ws) => ws.findings(URI).find((f) => f.rule === 'weights-not-100' && f.id.includes('/a|'));
  assert.equal(a(after).id, a(before).id);
  assert.notEqual(a(after).start, a(before).start);
});

test('two findings of one rule at one path get distinct ids, in file order', () => {
  // One file holding the same VirtualService twice: the second is told apart by its number.
  const ws = workspace(`${VS('r', [30, 30])}---\n${VS('r', [30, 30])}`);
  const ids = idsOf(ws, 'weights-not-100');
  assert.equal(ids.length, 2);
  assert.deepEqual(ids, [ids[0], `${ids[0]}#2`]);
});

test('an unnamed resource is named by its document', () => {
  const ws = workspace(`${CONFIG_MAP}---\n${VS('r', [30, 30]).replace('  name: r\n', '')}`);
  const ids = ws.findings(URI).map((f) => f.id);
  assert.ok(
    ids.some((id) => id.includes('|doc1|')),
    ids.join(' '),
  );
});

test('fixes are asked for by id; an id the file no longer has gets none', () => {
  const ws = workspace(VS('r', [30, 30]));
  const [f] = ws.findings(URI).filter((x) => x.rule === 'weights-not-100');
  assert.deepEqual(
    svc.fixesFor(ws, URI, f.id).map((x) => x.title),
    ['Normalize weights to 100 (50/50)'],
  );
  assert.deepEqual(svc.fixesFor(ws, URI, 'weights-not-100|VirtualService/default/gone|spec'), []);
  // Diagnostics carry the same id.
  assert.deepEqual(
    ws.diagnostics(URI).map((d) => d.id),
    ws.findings(URI).map((x) => x.id),
  );
});
