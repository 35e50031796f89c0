import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from './_check.mjs';
import { service, deployment, destinationRule, virtualService } from './_fixtures.mjs';

test('conflicting-target-port: two Services map different ports to one targetPort of a workload', () => {
  const a = service('a', 'default', { app: 'x' }, '  - name: http\n    port: 80\n    targetPort: 8080\n');
  const b = service('b', 'default', { app: 'x' }, '  - name: http\n    port: 81\n    targetPort: 8080\n');
  const f = findingsOf({ 's.yaml': a + '---\n' + b, 'd.yaml': deployment('x', { app: 'x' }) }, 'conflicting-target-port');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /targetPort 8080 with different ports 80, 81/);
});
