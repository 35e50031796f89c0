import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from './_check.mjs';
import { service, deployment, destinationRule, virtualService } from './_fixtures.mjs';

test('destination-port-required: a Service with two ports and a destination without port', () => {
  const two = service('r', 'default', { app: 'r' }, '  - name: http\n    port: 80\n  - name: grpc\n    port: 9090\n');
  const f = findingsOf({ 's.yaml': two, 'v.yaml': virtualService('v', 'r', [['r']]) }, 'destination-port-required');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /exposes ports 80, 9090/);
  assert.deepEqual(findingsOf({ 's.yaml': service('r'), 'v.yaml': virtualService('v', 'r', [['r']]) }, 'destination-port-required'), []);
});
