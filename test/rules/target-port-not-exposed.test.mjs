import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from './_check.mjs';
import { service, deployment, destinationRule, virtualService } from './_fixtures.mjs';

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtures } from '../helpers.mjs';
test('target-port-not-exposed: seed 003 maps port 19090 to 9090 while the containers listen on 19090', () => {
  const files = {};
  for (const f of ['003-micro-api-service-deployment.yaml', '003-micro-api-istio-v2.yaml']) files[f] = readFileSync(join(fixtures, 'seeds', f), 'utf8');
  const f = findingsOf(files, 'target-port-not-exposed');
  assert.equal(f.length, 1);
  assert.equal(f[0].line, 10);
  assert.match(f[0].message, /targetPort 9090 of port http is declared by no container .* \(they declare ports 19090\)/);
  assert.equal(f[0].severity, 'hint');
});
