// Every input fuzzing found a problem with, kept as a fixture: each must now pass every fuzz
// property (no escaped exception, time budget, safe actions, idempotent --fix), plus what
// the original bug was about.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkFiles, loadCore } from '../../scripts/fuzz/core.mjs';
import { fixtures } from '../helpers.mjs';

const dir = join(fixtures, 'fuzz');
const core = await loadCore();
const read = (name) => readFileSync(join(dir, name), 'utf8');
const findings = (text, uri = 'file:///fuzz/input.yaml') => {
  const ws = core.createWorkspace();
  ws.setFile(uri, text);
  return ws.findings(uri);
};

test('fuzz fixtures pass every fuzz property', () => {
  const names = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  assert.ok(names.length >= 5);
  for (const name of names) {
    const problems = checkFiles(core, [{ uri: 'file:///fuzz/input.yaml', text: read(name) }], { timeBase: 10000 });
    assert.deepEqual(problems, [], name);
  }
});

test('fuzz: a syntax error at the very end of a file stays inside the text', () => {
  const text = read('eof-unclosed-flow.yaml');
  const f = findings(text).filter((x) => x.rule === 'yaml-syntax');
  assert.ok(f.length);
  for (const x of f) assert.ok(x.start <= x.end && x.end <= text.length, JSON.stringify(x));
});

test('fuzz: thousands of copies of one resource are analyzed in linear text; findings name at most 10 others', () => {
  const [head, doc] = read('duplicate-copies.yaml').split(/^(?=---)/m);
  const n = 3000;
  const text = head + doc.repeat(n);
  const f = findings(text);
  const dup = f.filter((x) => x.rule === 'duplicate-resource');
  // Either every copy is reported, or the time budget stopped the rules with a finding.
  assert.ok(dup.length === n || f.some((x) => x.rule === 'analysis-limit'), `${dup.length} duplicate-resource findings`);
  for (const x of dup) {
    assert.ok(x.related.length <= 10);
    assert.match(x.message, /and? ?\d+ more|more/);
    assert.ok(x.message.length < 2000, `message of ${x.message.length} chars`);
  }
});

test('fuzz: a collection used as a map key prints no process warning', async () => {
  const warnings = [];
  const onWarning = (w) => warnings.push(w);
  process.on('warning', onWarning);
  try {
    findings(read('collection-key.yaml'));
    await new Promise((r) => setImmediate(r)); // process warnings are emitted on the next tick
  } finally {
    process.off('warning', onWarning);
  }
  assert.deepEqual(warnings.map(String), []);
});

test('fuzz: an alias bomb is one analysis-limit error, found without expanding it', () => {
  const f = findings(read('billion-laughs.yaml'));
  const lim = f.filter((x) => x.rule === 'analysis-limit');
  assert.equal(lim.length, 1);
  assert.equal(lim[0].severity, 'error');
});

test('fuzz: 5,000 levels of nesting are reported and not analyzed', () => {
  const f = findings(read('deep-nesting.yaml'));
  // Refused before parsing (the parser's recursion on it cost seconds): one finding, no rule runs.
  assert.deepEqual(
    f.map((x) => x.rule),
    ['analysis-limit'],
  );
  assert.match(f[0].message, /not parsed/);
});

test('fuzz: completion at a line far past the end answers at once (it walked 2^31 lines back)', () => {
  const ws = core.createWorkspace();
  const uri = 'file:///fuzz/c.yaml';
  ws.setFile(uri, 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\nspec:\n  hosts: [reviews]\n');
  for (const position of [
    { line: 2 ** 31, character: 1e6 },
    { line: 1e9, character: 0 },
    { line: -1, character: -1 },
  ]) {
    assert.ok(Array.isArray(core.completion(ws, uri, position)));
  }
});

test('fuzz: --fix is idempotent on a destination cut off by a document marker inside a flow map', () => {
  const text = read('fix-into-unclosed-flow-map.yaml');
  const uri = 'file:///fuzz/input.yaml';
  const ws = core.createWorkspace();
  ws.setFile(uri, text);
  core.applyPreferredFixes(ws, [uri]);
  const once = ws.getFile(uri).text;
  const ws2 = core.createWorkspace();
  ws2.setFile(uri, once);
  assert.equal(core.applyPreferredFixes(ws2, [uri]).changed.size, 0);
});

test('fuzz: a map of 50,000 keys parses in linear time; duplicate keys are still found in ordinary documents', () => {
  const head = read('many-keys.yaml');
  const text = `${head + Array.from({ length: 50000 }, (_, i) => `  k${i}: v`).join('\n')}\n`;
  const ws = core.createWorkspace();
  ws.setFile('file:///fuzz/many.yaml', text); // took 70 s before
  assert.equal(ws.getFile('file:///fuzz/many.yaml').resources.length, 1);
  const dup = findings('apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  name: b\n');
  assert.ok(
    dup.some((x) => x.rule === 'yaml-syntax'),
    JSON.stringify(dup),
  );
});
