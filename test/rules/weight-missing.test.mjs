import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workspaceOf, allFindings, byRule } from '../helpers.mjs';
import { virtualService } from './_fixtures.mjs';

test('weight-missing: a destination without weight beside weighted ones gets no traffic', () => {
  const f = byRule(allFindings(workspaceOf({ 'vs.yaml': virtualService('r', 'r', [['r', 'v1', 100], ['r', 'v2']]) })), 'weight-missing');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /Destination v2 has no weight while the others do/);
  assert.equal(f[0].line, 15);
  assert.equal(f[0].data.destinationIndex, 1);
});

test('weight-missing: quiet with one destination, or when all are weighted', () => {
  const ws = workspaceOf({
    'a.yaml': virtualService('a', 'a', [['a', 'v1']]),
    'b.yaml': virtualService('b', 'b', [['b', 'v1', 50], ['b', 'v2', 50]]),
  });
  assert.deepEqual(byRule(allFindings(ws), 'weight-missing'), []);
});
