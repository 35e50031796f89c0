import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from './_check.mjs';
import { service, deployment, destinationRule, virtualService } from './_fixtures.mjs';

const se = (name, proto) => 'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata:\n  name: ' + name + '\nspec:\n  hosts: [api.example.com]\n  ports:\n  - number: 443\n    name: p\n    protocol: ' + proto + '\n  resolution: DNS\n';
test('serviceentry-protocol-conflict: one host and port, HTTPS in one ServiceEntry and TLS in another', () => {
  const f = findingsOf({ 'a.yaml': se('a', 'HTTPS'), 'b.yaml': se('b', 'TLS') }, 'serviceentry-protocol-conflict');
  assert.equal(f.length, 2);
  assert.match(f[0].message, /host api\.example\.com port 443/);
});
