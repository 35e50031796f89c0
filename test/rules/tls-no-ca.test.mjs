import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from './_check.mjs';
import { service, deployment, destinationRule, virtualService } from './_fixtures.mjs';

test('tls-no-ca: destination-level and port-level SIMPLE/MUTUAL without caCertificates', () => {
  const dr = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: db\nspec:\n  host: db.example.com\n  trafficPolicy:\n    tls: {mode: MUTUAL, clientCertificate: /c.pem, privateKey: /k.pem}\n    portLevelSettings:\n    - port: {number: 443}\n      tls: {mode: SIMPLE}\n    - port: {number: 8443}\n      tls: {mode: SIMPLE, caCertificates: /ca.pem}\n';
  const f = findingsOf(dr, 'tls-no-ca');
  assert.deepEqual(f.map((x) => [x.data.code, x.data.mode]), [['IST0128', 'MUTUAL'], ['IST0129', 'SIMPLE']]);
});
