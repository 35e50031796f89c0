// `meshlint route` and `meshlint test` as a user runs them: a real process, real files.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { root } from './helpers.mjs';

const bin = join(root, 'bin/meshlint.js');
const run = (args) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root });
const icv = 'test/fixtures/routing/istio-config-validator';
const bookinfo = 'test/fixtures/routing/bookinfo';

test('route: the matching route entry with file:line and effective shares', () => {
  let r = run(['route', bookinfo, '--host', 'reviews.bookinfo.svc.cluster.local', '--header', 'end-user=jason']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Request: GET http:\/\/reviews\.bookinfo\.svc\.cluster\.local\/ \[end-user: jason\] via mesh/m);
  assert.match(r.stdout, /^Matched: VirtualService bookinfo\/reviews http\[0\], match\[0\] at test\/fixtures\/routing\/bookinfo\/bookinfo\.yaml:56$/m);
  assert.match(r.stdout, /100% {2}reviews\.bookinfo\.svc\.cluster\.local subset v2/);
  r = run(['route', bookinfo, '--host', 'reviews', '--source-namespace', 'bookinfo', '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.route.route, 'http[1]');
  assert.equal(out.route.location, 'test/fixtures/routing/bookinfo/bookinfo.yaml:64');
  assert.deepEqual(
    out.destinations.map((d) => [d.subset, d.percent]),
    [
      ['v1', '75%'],
      ['v3', '25%'],
    ],
  );
});

test('route: why nothing matches, exit 1; usage errors exit 2', () => {
  let r = run(['route', bookinfo, '--host', 'bookinfo.example.com', '--gateway', 'bookinfo/bookinfo-gateway', '--path', '/admin']);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /No route matches: no HTTP route of VirtualService bookinfo\/bookinfo matches the request/);
  assert.match(r.stdout, /match\[0\]: path "\/admin" is not exactly "\/productpage"/);
  r = run(['route', bookinfo, '--host', 'bookinfo.example.com', '--gateway', 'bookinfo/bookinfo-gateway', '--path', '/productpage']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /productpage\.bookinfo\.svc\.cluster\.local port 9080/);
  r = run(['route', bookinfo]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--host <host> is required/);
  r = run(['route', bookinfo, '--host', 'x', '--mesh', '--gateway', 'a/b']);
  assert.equal(r.status, 2);
  r = run(['route', bookinfo, '--host', 'x', '--header', 'novalue']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--header expects name=value/);
});

test('route: what the route does on the way (fault, rewrite) is shown', () => {
  const r = run(['route', icv, '--host', 'example.com', '--path', '/reseller', '--header', 'x-request-class=bot']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^ {2}fault: \{"abort":\{"percentage":\{"value":100\},"httpStatus":403\}\}$/m);
  const rw = run(['route', icv, '--host', 'example.com', '--path', '/reseller']);
  assert.match(rw.stdout, /^ {2}rewrite: \{"uri":"\/partner"\}$/m);
});

test('route: Gateway API HTTPRoute on a Gateway', () => {
  const r = run(['route', 'test/fixtures/routing/gateway-api', '--host', 'bar.example.com', '--gateway', 'infra/example-gateway', '--header', 'env=canary']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Matched: HTTPRoute apps\/bar-route rules\[0\], match\[0\] at test\/fixtures\/routing\/gateway-api\/http-routing\.yaml:49/);
  assert.match(r.stdout, /100% {2}bar-svc-canary\.apps\.svc\.cluster\.local port 8080/);
});

test("test: istio-config-validator's own examples pass unchanged, with its flags", () => {
  let r = run(['test', '-t', `${icv}/virtualservice_test.yml`, `${icv}/virtualservice.yml`, `${icv}/multidocument_virtualservice.yml`]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /6 test cases: 6 passed, 0 failed/);
  r = run(['test', `-t=${icv}/virtualservice_delegate_test.yml`, `${icv}/delegate_virtualservice.yml`]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /PASS {2}Delegate to product {2}\(6 requests/);
  // Folders are searched for YAML; config files without test cases are skipped.
  r = run(['test', '-t', bookinfo, bookinfo]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /4 test cases: 4 passed, 0 failed/);
  // HTTPRoutes: `route` against the destinations Istio derives from backendRefs, or `backendRefs` itself.
  r = run(['test', '-t', 'test/fixtures/routing/gateway-api/routing_test.yml', 'test/fixtures/routing/gateway-api']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /3 test cases: 3 passed, 0 failed/);
});

test('test: a failing case names the route that did match; invalid cases and usage errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshlint-test-'));
  writeFileSync(
    join(dir, 'cases.yml'),
    `testCases:
  - description: jason sees v3
    wantMatch: true
    request:
      authority: ["reviews.bookinfo.svc.cluster.local"]
      method: ["GET"]
      uri: ["/"]
      headers: {end-user: jason}
    route:
      - destination: {host: reviews, subset: v3}
  - description: no request
    wantMatch: true
    route: []
`,
  );
  let r = run(['test', '-t', dir, bookinfo, '--format', 'text']);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /ERROR .*cases\.yml:11: test case "no request": `request` is missing/);
  assert.match(r.stdout, /FAIL {2}jason sees v3/);
  assert.match(r.stdout, /route: got \[\{"destination":\{"host":"reviews","subset":"v2"\}\}\], want \[\{"destination":\{"host":"reviews","subset":"v3"\}\}\]/);
  assert.match(r.stdout, /matched VirtualService bookinfo\/reviews http\[0\], match\[0\] at test\/fixtures\/routing\/bookinfo\/bookinfo\.yaml:56/);
  r = run(['test', '-t', dir, bookinfo, '--format', 'json']);
  const out = JSON.parse(r.stdout);
  assert.equal(out.failed, 1);
  assert.equal(out.errors.length, 1);
  r = run(['test', bookinfo]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /missing test cases/);
  r = run(['test', '-t', `${icv}/virtualservice.yml`, bookinfo]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no test cases/);
});

test('route: the config file applies (its exclude patterns, relative to its folder)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'route-config-'));
  const vs = (subset) =>
    `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\n  namespace: bookinfo\nspec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination:\n        host: reviews\n        subset: ${subset}\n`;
  writeFileSync(join(dir, 'vs.yaml'), vs('v2'));
  const old = join(dir, 'old');
  mkdirSync(old);
  writeFileSync(join(old, 'vs.yaml'), vs('v1').replace('name: reviews', 'name: reviews-old'));
  const args = ['route', dir, '--host', 'reviews.bookinfo.svc.cluster.local', '--format', 'json'];
  writeFileSync(join(dir, '.meshlintrc.json'), JSON.stringify({ exclude: ['old/**'] }));
  const r = spawnSync(process.execPath, [bin, ...args, '--config', join(dir, '.meshlintrc.json')], { encoding: 'utf8', cwd: root });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(
    JSON.parse(r.stdout).destinations.map((d) => d.subset),
    ['v2'],
  );
});
