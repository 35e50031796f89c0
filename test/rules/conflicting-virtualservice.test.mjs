import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from './_check.mjs';
import { service, deployment, destinationRule, virtualService } from './_fixtures.mjs';

test('conflicting-virtualservice: two mesh VirtualServices for one host; gateway-only ones do not conflict', () => {
  const f = findingsOf({ 'a.yaml': virtualService('a', 'r', [['r']]), 'b.yaml': virtualService('b', 'r.default.svc.cluster.local', [['r']]), 'c.yaml': virtualService('c', 'r', [['r']], { gateways: ['gw'] }) }, 'conflicting-virtualservice');
  assert.deepEqual(f.map((x) => x.file).sort(), ['a.yaml', 'b.yaml']);
  assert.match(f[0].message, /define the same host r\.default\.svc\.cluster\.local/);
});
