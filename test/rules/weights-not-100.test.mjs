import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workspaceOf, allFindings, byRule } from '../helpers.mjs';
import { virtualService } from './_fixtures.mjs';

test('weights-not-100: states the effective split of a 70/40 route', () => {
  const f = byRule(allFindings(workspaceOf({ 'vs.yaml': virtualService('r', 'r', [['r', 'v1', 70], ['r', 'v2', 40]]) })), 'weights-not-100');
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'warning');
  assert.equal(f[0].message.startsWith('Weights total 110, not 100: Istio treats them as relative, so v1 gets 63.6%, v2 36.4%.'), true, f[0].message);
  assert.equal(f[0].line, 10); // the `route:` key
  assert.deepEqual(f[0].data.weights, [70, 40]);
});

test('weights-not-100: quiet for totals of 100, single destinations and invalid weights', () => {
  const ws = workspaceOf({
    'a.yaml': virtualService('a', 'a', [['a', 'v1', 90], ['a', 'v2', 10]]),
    'b.yaml': virtualService('b', 'b', [['b', 'v1']]),
    'c.yaml': virtualService('c', 'c', [['c', 'v1', -10], ['c', 'v2', 50]]),
    'd.yaml': virtualService('d', 'd', [['d', 'v1', 0], ['d', 'v2', 0]]),
  });
  assert.deepEqual(byRule(allFindings(ws), 'weights-not-100'), []);
});
