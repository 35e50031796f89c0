import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workspaceOf, allFindings, byRule } from '../helpers.mjs';
import { deployment, destinationRule, service, virtualService } from './_fixtures.mjs';

test('subset-no-workload: warning when unused, error when a route sends traffic to it', () => {
  const ws = workspaceOf({
    'svc.yaml': service('r') + '---\n' + deployment('r-v1', { app: 'r', version: 'v1' }),
    'dr.yaml': destinationRule('r', 'r', [['v1', { version: 'v1' }], ['v2', { version: 'v2' }], ['v3', { version: 'v3' }]]),
    'vs.yaml': virtualService('r', 'r', [['r', 'v1', 90], ['r', 'v2', 10]]),
  });
  const f = byRule(allFindings(ws), 'subset-no-workload');
  assert.deepEqual(f.map((x) => [x.data.subset, x.severity]), [['v2', 'error'], ['v3', 'warning']]);
  assert.match(f[0].message, /Subset v2 \(version=v2\) selects no workload: Service r selects Deployment default\/r-v1 \(app=r,version=v1\)/);
  assert.match(f[0].message, /1 route sends traffic to it/);
});

test('subset-no-workload: quiet when the workspace holds no workload for the Service', () => {
  const ws = workspaceOf({
    'svc.yaml': service('r'),
    'dr.yaml': destinationRule('r', 'r', [['v9', { version: 'v9' }]]),
  });
  assert.deepEqual(byRule(allFindings(ws), 'subset-no-workload'), []);
});

test('subset-no-workload: DestinationRule subsets of a ServiceEntry host are checked against its endpoint labels (KIA0203)', async () => {
  const { findingsOf } = await import('./_check.mjs');
  const se = `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: legacy
spec:
  hosts: [legacy.internal]
  location: MESH_INTERNAL
  resolution: STATIC
  ports:
  - {number: 8080, name: http, protocol: HTTP}
  endpoints:
  - address: 10.0.0.5
    labels: {version: v1}
`;
  const dr = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: legacy
spec:
  host: legacy.internal
  subsets:
  - name: v1
    labels: {version: v1}
  - name: v2
    labels: {version: v2}
`;
  const vs = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: legacy
spec:
  hosts: [legacy.internal]
  http:
  - route:
    - destination: {host: legacy.internal, subset: v2}
`;
  const f = findingsOf({ 'se.yaml': se, 'dr.yaml': dr, 'vs.yaml': vs }, 'subset-no-workload');
  assert.equal(f.length, 1);
  assert.equal(f[0].line, 11);
  assert.equal(f[0].severity, 'error');
  assert.match(f[0].message, /Subset v2 \(version=v2\) selects no endpoint of ServiceEntry legacy \(se\.yaml\), whose endpoints carry version=v1/);
});
