// Editor features on Sidecars and workload policies: hover on a selector, go to definition from a
// principal and from a Sidecar egress host, completion of exportTo and egress hosts.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mdPlain, svc, workspaceOf } from './helpers.mjs';

const deploy = (name, ns, labels, sa) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    matchLabels: ${labels}
  template:
    metadata:
      labels: ${labels}
    spec:
      ${sa ? `serviceAccountName: ${sa}\n      ` : ''}containers: [{name: app, image: app}]
`;
const workloads = [
  deploy('httpbin-v1', 'foo', '{app: httpbin, version: v1}', 'httpbin'),
  deploy('httpbin-v2', 'foo', '{app: httpbin, version: v2}', 'httpbin'),
  deploy('sleep', 'bar', '{app: sleep}', 'sleep'),
  deploy('curl', 'bar', '{app: curl}'),
].join('---\n');
const services = `apiVersion: v1
kind: Service
metadata: {name: httpbin, namespace: foo}
spec:
  selector: {app: httpbin}
  ports: [{name: http, port: 8000}]
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: sleep, namespace: bar}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: google, namespace: bar}
spec:
  hosts: [www.google.com]
  ports: [{number: 443, name: https, protocol: HTTPS}]
  resolution: DNS
`;
const policy = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: httpbin
  namespace: foo
spec:
  selector:
    matchLabels:
      app: httpbin
  rules:
  - from:
    - source:
        principals: ["cluster.local/ns/bar/sa/sleep", "cluster.local/ns/bar/sa/default"]
`;
const sidecar = `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: default
  namespace: bar
spec:
  egress:
  - hosts:
    - "./*"
    - "foo/httpbin.foo.svc.cluster.local"
    - "istio-system/*"
`;
const files = { 'workloads.yaml': workloads, 'services.yaml': services, 'policy.yaml': policy, 'sidecar.yaml': sidecar };
const u = (f) => `file:///ws/${f}`;
const at = (text, needle, delta = 1) => {
  const off = text.indexOf(needle) + delta;
  const before = text.slice(0, off).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
};
const lineOf = (text, needle) => text.slice(0, text.indexOf(needle)).split('\n').length - 1;

test('hover on a selector lists the workloads it selects', () => {
  const ws = workspaceOf(files);
  const h = svc.hover(ws, u('policy.yaml'), at(policy, 'app: httpbin'));
  assert.match(mdPlain(h.contents.value), /AuthorizationPolicy selector `app=httpbin` in namespace foo/);
  assert.match(mdPlain(h.contents.value), /Deployment foo\/httpbin-v1 — workloads\.yaml:/);
  assert.match(mdPlain(h.contents.value), /Deployment foo\/httpbin-v2 — workloads\.yaml:/);
  assert.doesNotMatch(mdPlain(h.contents.value), /sleep/);
});

test('hover on a principal names the service account and the workloads running as it', () => {
  const ws = workspaceOf(files);
  let h = svc.hover(ws, u('policy.yaml'), at(policy, 'cluster.local/ns/bar/sa/sleep', 3));
  assert.match(mdPlain(h.contents.value), /service account \*\*sleep\*\* of namespace \*\*bar\*\*/);
  assert.match(mdPlain(h.contents.value), /Deployment bar\/sleep/);
  // No serviceAccountName: the pod runs as `default`.
  h = svc.hover(ws, u('policy.yaml'), at(policy, 'cluster.local/ns/bar/sa/default', 3));
  assert.match(mdPlain(h.contents.value), /Deployment bar\/curl/);
  assert.doesNotMatch(mdPlain(h.contents.value), /bar\/sleep/);
});

test('definition: from a principal to its ServiceAccount and workloads; from a selector to the workloads', () => {
  const ws = workspaceOf(files);
  let locs = svc.definition(ws, u('policy.yaml'), at(policy, 'cluster.local/ns/bar/sa/sleep', 3));
  assert.deepEqual(
    locs.map((l) => [l.uri.split('/').pop(), l.range.start.line]).sort(),
    [
      ['services.yaml', lineOf(services, 'name: sleep')],
      ['workloads.yaml', lineOf(workloads, 'name: sleep')],
    ].sort(),
  );
  locs = svc.definition(ws, u('policy.yaml'), at(policy, 'app: httpbin'));
  assert.equal(locs.length, 2);
  assert.ok(locs.every((l) => l.uri.endsWith('workloads.yaml')));
});

test('definition and hover from a Sidecar egress host to what it imports', () => {
  const ws = workspaceOf(files);
  let locs = svc.definition(ws, u('sidecar.yaml'), at(sidecar, 'foo/httpbin', 2));
  assert.deepEqual(
    locs.map((l) => [l.uri.split('/').pop(), l.range.start.line]),
    [['services.yaml', lineOf(services, 'name: httpbin')]],
  );
  // "./*" imports the hosts of the Sidecar's own namespace (the ServiceEntry of bar), not foo's Service.
  locs = svc.definition(ws, u('sidecar.yaml'), at(sidecar, './*', 2));
  assert.deepEqual(
    locs.map((l) => [l.uri.split('/').pop(), l.range.start.line]),
    [['services.yaml', lineOf(services, 'name: google')]],
  );
  const h = svc.hover(ws, u('sidecar.yaml'), at(sidecar, 'istio-system/*', 2));
  assert.match(h.contents.value, /import nothing the workspace defines/);
});

test('completion of namespaces in exportTo and of hosts in egress.hosts', () => {
  const vs = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: httpbin
  namespace: foo
spec:
  hosts: [httpbin]
  exportTo:
  - 
`;
  const ws = workspaceOf({ ...files, 'vs.yaml': vs });
  const pos = { line: lineOf(vs, '  - \n'), character: 4 };
  const labels = svc.completion(ws, u('vs.yaml'), pos).map((i) => i.label);
  for (const l of ['.', '*', 'foo', 'bar']) assert.ok(labels.includes(l), `${l} in ${labels}`);

  const sc = `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: default
  namespace: bar
spec:
  egress:
  - hosts: ["./*", 
`;
  const ws2 = workspaceOf({ ...files, 'sidecar.yaml': sc });
  const end = sc.split('\n');
  const items = svc.completion(ws2, u('sidecar.yaml'), { line: end.length - 2, character: end[end.length - 2].length }).map((i) => i.label);
  for (const l of ['./*', 'istio-system/*', 'foo/*', 'foo/httpbin.foo.svc.cluster.local', './www.google.com']) assert.ok(items.includes(l), `${l} in ${items}`);
});
