import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workspaceOf, allFindings, byRule } from '../helpers.mjs';
import { virtualService } from './_fixtures.mjs';

const gw = (name, ns) => `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector:\n    istio: ingressgateway\n  servers:\n  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["*"]\n`;

test('unknown-gateway: short, namespace-qualified and mesh references', () => {
  const ws = workspaceOf({
    'gw.yaml': gw('public', 'default') + '---\n' + gw('edge', 'istio-system'),
    'vs.yaml': virtualService('r', 'r', [['r']], { gateways: ['public', 'istio-system/edge', 'mesh', 'pubilc', 'istio-system/missing'] }),
  });
  const f = byRule(allFindings(ws), 'unknown-gateway');
  assert.deepEqual(f.map((x) => x.data.gateway), ['pubilc', 'istio-system/missing']);
  assert.match(f[0].message, /Gateway default\/pubilc is defined by no Gateway in the workspace \(did you mean public\?\)/);
  assert.equal(f[0].severity, 'error');
});

test('unknown-gateway: gateways named in http[].match[].gateways resolve like spec.gateways', async () => {
  const { findingsOf } = await import('./_check.mjs');
  const vs = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: r
spec:
  hosts: [r.example.com]
  gateways: [public]
  http:
  - match:
    - gateways: [publc]
      uri: {prefix: /api}
    route:
    - destination: {host: r}
  - route:
    - destination: {host: r}
`;
  const gw = 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: public\nspec:\n  selector: {istio: ingressgateway}\n  servers:\n  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["*"]\n';
  const f = findingsOf({ 'vs.yaml': vs, 'gw.yaml': gw }, 'unknown-gateway');
  assert.equal(f.length, 1);
  assert.equal(f[0].line, 10);
  assert.equal(f[0].severity, 'error');
  assert.match(f[0].message, /Gateway publc \(in the VirtualService's namespace\) is defined by no Gateway in the workspace \(did you mean public\?\)/);
});
