// Seed article 002 end to end: bookinfo reviews on v1 only → start canary v2 → 20% → promote → retire v1.
// Each step is the code action the editor offers, applied to the text, and asserted byte for byte.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixtures, svc } from '../helpers.mjs';

const bookinfo = readFileSync(join(fixtures, 'istio-corpus/bookinfo-platform/bookinfo.yaml'), 'utf8');
const VS = 'file:///repo/reviews-vs.yaml';
const DR = 'file:///repo/reviews-dr.yaml';

let vsText = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
  # all traffic on the stable version
  - route:
    - destination:
        host: reviews
        subset: v1
`;
let drText = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  subsets:
  - name: v1
    labels:
      version: v1
`;

function step(title) {
  const ws = svc.createWorkspace();
  ws.setFile('file:///repo/bookinfo.yaml', bookinfo);
  ws.setFile(VS, vsText);
  ws.setFile(DR, drText);
  const actions = svc.codeActions(ws, VS, { start: { line: 10, character: 4 }, end: { line: 10, character: 4 } }, svc.DEFAULT_SETTINGS, ['refactor.rewrite']);
  const a = actions.find((x) => x.title.startsWith(title));
  assert.ok(a, `no action "${title}" among: ${actions.map((x) => x.title).join(' | ')}`);
  assert.equal(a.kind, 'refactor.rewrite');
  for (const [uri, edits] of Object.entries(a.edit.changes)) {
    const next = svc.applyTextEdits(ws.getFile(uri), edits);
    if (uri === VS) vsText = next;
    else if (uri === DR) drText = next;
    else assert.fail(`unexpected edit of ${uri}`);
  }
  return a;
}

test('article 002 flow, each step exact', () => {
  const start = step('Start canary: v2');
  assert.equal(start.title, 'Start canary: v2 at 5% (v1 95%)');
  assert.deepEqual(Object.keys(start.edit.changes).sort(), [DR, VS].sort(), 'one WorkspaceEdit across both files');
  assert.equal(
    vsText,
    `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
  # all traffic on the stable version
  - route:
    - destination:
        host: reviews
        subset: v1
      weight: 95
    - destination:
        host: reviews
        subset: v2
      weight: 5
`,
  );
  assert.equal(
    drText,
    `apiVersion: networking.istio.io/v1
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
  );

  step('Set canary v2 to 20%');
  assert.match(vsText, /subset: v1\n {6}weight: 80\n/);
  assert.match(vsText, /subset: v2\n {6}weight: 20\n/);

  const promote = step('Promote canary');
  assert.equal(promote.title, 'Promote canary: v2 takes all traffic');
  assert.match(vsText, /subset: v1\n {6}weight: 0\n/);
  assert.match(vsText, /subset: v2\n {6}weight: 100\n/);

  const retire = step('Retire');
  assert.equal(retire.title, 'Retire v1 and remove subset reviews/v1');
  assert.equal(
    vsText,
    `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
  # all traffic on the stable version
  - route:
    - destination:
        host: reviews
        subset: v2
      weight: 100
`,
  );
  assert.equal(
    drText,
    `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  subsets:
  - name: v2
    labels:
      version: v2
`,
  );
});
