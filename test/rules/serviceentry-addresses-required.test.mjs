import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from './_check.mjs';
import { service, deployment, destinationRule, virtualService } from './_fixtures.mjs';

const se = (name, proto, addresses = '') => 'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata:\n  name: ' + name + '\nspec:\n  hosts: [' + name + '.example.com]\n' + addresses + '  ports:\n  - number: 443\n    name: p\n' + (proto ? '    protocol: ' + proto + '\n' : '') + '  resolution: DNS\n';
test('serviceentry-addresses-required: TCP or no protocol without addresses', () => {
  assert.equal(findingsOf(se('a', 'TCP'), 'serviceentry-addresses-required').length, 1);
  assert.equal(findingsOf(se('b', ''), 'serviceentry-addresses-required').length, 1);
  assert.deepEqual(findingsOf(se('c', 'HTTPS'), 'serviceentry-addresses-required'), []);
  assert.deepEqual(findingsOf(se('d', 'TCP', '  addresses: [10.1.2.3]\n'), 'serviceentry-addresses-required'), []);
});
