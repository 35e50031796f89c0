import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from './_check.mjs';
import { service, deployment, destinationRule, virtualService } from './_fixtures.mjs';

test('unknown-destination-port: a port the Service does not expose', () => {
  const vs = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: v\nspec:\n  hosts: [r]\n  http:\n  - route:\n    - destination: {host: r, port: {number: 9999}}\n';
  const f = findingsOf({ 's.yaml': service('r'), 'v.yaml': vs }, 'unknown-destination-port');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /Port 9999 is not a port of Service default\/r \(ports: 8080\)/);
});
