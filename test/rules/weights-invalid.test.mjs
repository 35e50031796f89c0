import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workspaceOf, allFindings, byRule } from '../helpers.mjs';
import { virtualService } from './_fixtures.mjs';

test('weights-invalid: a negative weight is an error on the weight', () => {
  const f = byRule(allFindings(workspaceOf({ 'vs.yaml': virtualService('r', 'r', [['r', 'v1', -10], ['r', 'v2', 110]]) })), 'weights-invalid');
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'error');
  assert.match(f[0].message, /Weight -10 of v1 is negative/);
  assert.equal(f[0].line, 14);
});

test('weights-invalid: weights totalling 0, or none at all, send traffic nowhere', () => {
  const ws = workspaceOf({
    'zero.yaml': virtualService('z', 'z', [['z', 'v1', 0], ['z', 'v2', 0]]),
    'none.yaml': virtualService('n', 'n', [['n', 'v1'], ['n', 'v2']]),
    'ok.yaml': virtualService('o', 'o', [['o', 'v1']]),
  });
  const f = byRule(allFindings(ws), 'weights-invalid');
  assert.deepEqual(f.map((x) => x.file).sort(), ['none.yaml', 'zero.yaml']);
  assert.match(f.find((x) => x.file === 'zero.yaml').message, /total 0: the route sends traffic nowhere/);
  assert.match(f.find((x) => x.file === 'none.yaml').message, /None of the 2 destinations has a weight/);
});
