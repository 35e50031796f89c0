// What the fixtures (test/rules/analysis-limit/) cannot say: that a refused document is not analyzed
// (no resources, no other finding), the time budget, and block nesting (a generated 90 KB input).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { svc } from '../helpers.mjs';

const VS = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\nspec:\n  hosts: [reviews]\n';

test('analysis-limit: block nesting past 256 levels is reported and that document not analyzed', () => {
  const deep = Array.from({ length: 300 }, (_, i) => `${' '.repeat(2 + 2 * i)}k${i}:`).join('\n');
  const ws = svc.createWorkspace();
  ws.setFile('file:///block.yaml', `${VS}  x:\n${deep} 1\n---\n${VS.replace('name: r', 'name: s')}`);
  const d = ws.diagnostics('file:///block.yaml').filter((x) => x.rule === 'analysis-limit');
  assert.equal(d.length, 1);
  assert.match(d[0].message, /Document 1 nests collections more than 256 levels/);
  assert.deepEqual(
    ws.getFile('file:///block.yaml').resources.map((r) => r.name),
    ['s'],
  );
});

test('analysis-limit: a document nested past 256 levels is not analyzed; 200 levels are fine', () => {
  const ws = svc.createWorkspace();
  ws.setFile('file:///deep.yaml', `${VS}  http: ${'['.repeat(300)}${']'.repeat(300)}\n`);
  assert.deepEqual(
    ws.diagnostics('file:///deep.yaml').map((x) => x.rule),
    ['analysis-limit'],
  );
  assert.equal(ws.getFile('file:///deep.yaml').resources.length, 0);
  ws.setFile('file:///ok.yaml', `${VS}  x: ${'['.repeat(200)}${']'.repeat(200)}\n`);
  assert.equal(ws.getFile('file:///ok.yaml').resources.length, 1);
});

test('analysis-limit: the rules of a file stop at the time budget with one finding naming the rules left out', () => {
  const ws = svc.createWorkspace();
  ws.ruleBudgetMs = -1e9; // already spent: no rule runs
  ws.setFile('file:///a.yaml', `${VS}  http:\n  - route:\n    - destination: {host: nowhere}\n`);
  const d = ws.diagnostics('file:///a.yaml');
  assert.deepEqual(
    d.map((x) => x.rule),
    ['analysis-limit'],
  );
  assert.match(d[0].message, /time budget/);
  assert.ok(d[0].data.skipped.includes('unknown-host'));
  // With the default budget the same file is analyzed.
  const ws2 = svc.createWorkspace();
  ws2.setFile('file:///a.yaml', `${VS}  http:\n  - route:\n    - destination: {host: nowhere}\n`);
  assert.ok(ws2.diagnostics('file:///a.yaml').some((x) => x.rule === 'unknown-host'));
});

test('analysis-limit: flow nesting past 256 levels is refused before parsing; brackets in quotes and comments do not count', () => {
  const ws = svc.createWorkspace();
  ws.setFile('file:///deep.yaml', `${VS}  http: ${'['.repeat(2000)}\n`);
  assert.deepEqual(
    ws.diagnostics('file:///deep.yaml').map((x) => x.rule),
    ['analysis-limit'],
  );
  ws.setFile('file:///quoted.yaml', `${VS}  x: "${'['.repeat(2000)}"\n  # ${'{'.repeat(2000)}\n  y: '${'{'.repeat(2000)}'\n`);
  assert.equal(ws.getFile('file:///quoted.yaml').resources.length, 1);
});

test('analysis-limit: block nesting that may pass 640 levels is refused before parsing; block scalars and wide indentation are not nesting', () => {
  const ws = svc.createWorkspace();
  // One line of 3,000 block sequences: the parser would overflow the stack, at a place that depends on the caller.
  ws.setFile('file:///deep.yaml', `${VS}  x:\n    ${'- '.repeat(3000)}v\n`);
  const d = ws.diagnostics('file:///deep.yaml');
  assert.deepEqual(
    d.map((x) => x.rule),
    ['analysis-limit'],
  );
  assert.match(d[0].message, /Block collections .* may nest more than 640 levels deep here, past what can be parsed safely; the file was not parsed/);
  assert.equal(d[0].range.start.line, VS.split('\n').length);
  // Nested mappings, one level per line: 300 levels are parsed (and that document is not
  // analysed), 700 are not parsed.
  for (const [levels, what] of [
    [300, /Document 1 nests collections more than 256 levels/],
    [700, /Block collections/],
  ]) {
    let nested = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: n\ndata:\n';
    for (let i = 1; i <= levels; i++) nested += `${' '.repeat(i)}k${i}:\n`;
    ws.setFile('file:///nested.yaml', nested);
    const found = ws.diagnostics('file:///nested.yaml');
    assert.deepEqual(
      found.map((x) => x.rule),
      ['analysis-limit'],
    );
    assert.match(found[0].message, what);
  }
  // Not nesting: a block scalar's lines indented far, and 100 levels indented 8 columns each.
  const script = Array.from({ length: 400 }, (_, i) => `${' '.repeat(8 + ((i * 7) % 900))}line ${i}`).join('\n');
  ws.setFile('file:///scalar.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\ndata:\n  run.sh: |\n${script}\n  other: x\n`);
  assert.equal(ws.getFile('file:///scalar.yaml').skipped, undefined);
  let wide = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: w\ndata:\n  x:\n';
  for (let i = 1; i <= 100; i++) wide += `${' '.repeat(2 + 8 * i)}k${i}:\n`;
  ws.setFile('file:///wide.yaml', `${wide}${' '.repeat(2 + 8 * 101)}v: 1\n`);
  assert.equal(ws.getFile('file:///wide.yaml').skipped, undefined);
});
