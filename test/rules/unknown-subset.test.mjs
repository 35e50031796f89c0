import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workspaceOf, allFindings, byRule } from '../helpers.mjs';
import { destinationRule, virtualService } from './_fixtures.mjs';

test('unknown-subset: names the subsets that exist and suggests a close one', () => {
  const ws = workspaceOf({
    'dr.yaml': destinationRule('r', 'r', [['stable', { version: 'v1' }], ['canary', { version: 'v2' }]]),
    'vs.yaml': virtualService('r', 'r', [['r', 'stable', 90], ['r', 'canry', 10]]),
  });
  const f = byRule(allFindings(ws), 'unknown-subset');
  assert.equal(f.length, 1);
  assert.equal(f[0].file, 'vs.yaml');
  assert.match(f[0].message, /Subset canry is not defined by DestinationRule r for host r\.default\.svc\.cluster\.local \(defined: stable, canary\)\. Did you mean canary\?/);
  assert.equal(f[0].data.suggestion, 'canary');
  assert.equal(f[0].related[0].uri, 'file:///ws/dr.yaml');
});

test('unknown-subset: says when no DestinationRule exists for the host; resolves across namespaces by FQDN', () => {
  const ws = workspaceOf({
    'dr.yaml': destinationRule('r', 'r', [['v1', { version: 'v1' }]], 'prod'),
    'vs.yaml': virtualService('r', 'r', [['r', 'v1', 50], ['r.prod.svc.cluster.local', 'v1', 50]]),
  });
  const f = byRule(allFindings(ws), 'unknown-subset');
  assert.equal(f.length, 1);
  assert.equal(f[0].line, 13);
  assert.match(f[0].message, /no DestinationRule for host r\.default\.svc\.cluster\.local exists in the workspace/);
});
