import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from './_check.mjs';
import { service, deployment, destinationRule, virtualService } from './_fixtures.mjs';

test('port-name-protocol: names without a protocol prefix; appProtocol and system namespaces are fine', () => {
  const f = findingsOf({ 'a.yaml': service('a', 'default', { app: 'a' }, '  - name: web\n    port: 80\n  - name: http-web\n    port: 81\n  - name: api\n    port: 82\n    appProtocol: http\n'), 'b.yaml': service('b', 'kube-system', { app: 'b' }, '  - name: dns\n    port: 53\n') }, 'port-name-protocol');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /Port web \(port: 80, targetPort: 80\) does not follow Istio's port naming/);
});
