// Route simulation semantics: VirtualService and Gateway API HTTPRoute, on configurations
// modelled on the Istio and Gateway API documentation's own examples.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { svc, workspaceOf } from './helpers.mjs';

const vs = (name, spec, ns = 'default') =>
  `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n${spec}`;
const go = (ws, req) => svc.simulate(ws, req);
const dests = (r) => r.destinations.map((d) => `${d.subset ?? d.fqdn}${d.port ? `:${d.port}` : ''} ${d.percent}`);

// Istio docs, request routing: end-user jason goes to v2, everyone else to v1.
const reviews = vs(
  'reviews',
  `  hosts: [reviews]
  http:
  - match:
    - headers:
        end-user:
          exact: jason
    route:
    - destination: {host: reviews, subset: v2}
  - route:
    - destination: {host: reviews, subset: v1}
      weight: 75
    - destination: {host: reviews, subset: v3}
      weight: 25
`,
);

test('header match: end-user jason reaches reviews v2, others the weighted split', () => {
  const ws = workspaceOf({ 'reviews.yaml': reviews });
  let r = go(ws, { host: 'reviews', headers: { 'End-User': 'jason' } });
  assert.equal(r.matched, true);
  assert.equal(r.route.label, 'http[0]');
  assert.equal(r.route.matchIndex, 0);
  assert.deepEqual(dests(r), ['v2 100%']);
  r = go(ws, { host: 'reviews.default.svc.cluster.local', headers: { 'end-user': 'mary' } });
  assert.equal(r.route.label, 'http[1]');
  assert.equal(r.route.matchIndex, -1);
  assert.deepEqual(dests(r), ['v1 75%', 'v3 25%']);
  // Short names resolve in the caller's namespace: from another namespace, `reviews` is another service.
  r = go(ws, { host: 'reviews', sourceNamespace: 'other' });
  assert.equal(r.matched, false);
  assert.match(r.reason, /no VirtualService or HTTPRoute .* takes host reviews/);
});

test('match blocks: OR across blocks, AND within a block; first matching route wins', () => {
  const ws = workspaceOf({
    'a.yaml': vs(
      'a',
      `  hosts: [a.example.com]
  http:
  - name: both
    match:
    - uri: {prefix: /api}
      method: {exact: POST}
    - headers:
        x-debug: {}
    route:
    - destination: {host: debug}
  - name: api
    match:
    - uri: {prefix: /api}
    route:
    - destination: {host: api}
`,
    ),
  });
  assert.equal(go(ws, { host: 'a.example.com', path: '/api/x', method: 'POST' }).route.name, 'both');
  const get = go(ws, { host: 'a.example.com', path: '/api/x', method: 'GET' });
  assert.equal(get.route.name, 'api');
  // The header block matches on presence alone, whatever the path.
  const hdr = go(ws, { host: 'a.example.com', path: '/other', headers: { 'x-debug': '' } });
  assert.equal(hdr.route.name, 'both');
  assert.equal(hdr.route.matchIndex, 1);
  const none = go(ws, { host: 'a.example.com', path: '/other' });
  assert.equal(none.matched, false);
  const reasons = none.candidates[0].reasons.join('\n');
  assert.match(reasons, /http\[0\] "both": match\[0\]: path "\/other" does not start with "\/api"; match\[1\]: header x-debug is absent/);
  assert.match(reasons, /http\[1\] "api": path "\/other" does not start with "\/api"/);
});

test('exact, prefix, RE2 regex (whole value), ignoreUriCase, query parameters, withoutHeaders, port, authority', () => {
  const ws = workspaceOf({
    'm.yaml': vs(
      'm',
      `  hosts: [m.example.com]
  http:
  - name: regex
    match:
    - uri: {regex: '/users(/.*)?'}
    route: [{destination: {host: users}}]
  - name: exact-ci
    match:
    - uri: {exact: /Login}
      ignoreUriCase: true
    route: [{destination: {host: login}}]
  - name: query
    match:
    - queryParams:
        version: {exact: v2}
    route: [{destination: {host: v2}}]
  - name: not-bot
    match:
    - uri: {prefix: /shop}
      withoutHeaders:
        x-request-class: {exact: bot}
    route: [{destination: {host: shop}}]
  - name: port
    match:
    - port: 8443
    route: [{destination: {host: tls}}]
  - name: authority
    match:
    - authority: {prefix: m.example.com:9}
    route: [{destination: {host: nine}}]
  - name: rest
    route: [{destination: {host: rest}}]
`,
    ),
  });
  const name = (req) => go(ws, { host: 'm.example.com', port: 80, ...req }).route?.name;
  assert.equal(name({ path: '/users/42' }), 'regex');
  assert.equal(name({ path: '/users' }), 'regex');
  // Envoy matches the whole path: /usersx is not /users(/.*)?
  assert.equal(name({ path: '/usersx' }), 'rest');
  assert.equal(name({ path: '/LOGIN' }), 'exact-ci');
  assert.equal(name({ path: '/search?version=v2&x=1' }), 'query');
  assert.equal(name({ path: '/search?version=v1' }), 'rest');
  assert.equal(name({ path: '/shop/cart' }), 'not-bot');
  assert.equal(name({ path: '/shop/cart', headers: { 'x-request-class': 'bot' } }), 'rest');
  assert.equal(name({ path: '/x', port: 8443 }), 'port');
  // Without a port, a port condition is taken as met, and the result says so.
  const assumed = go(ws, { host: 'm.example.com', path: '/x' });
  assert.equal(assumed.route.name, 'port');
  assert.match(assumed.notes.join(), /a match requires port 8443; the request gives no port \(--port\), so it is assumed to be 8443/);
  assert.equal(go(ws, { host: 'm.example.com:9000', path: '/x' }).route.name, 'authority');
});

test('host wildcards: the most specific host takes the request', () => {
  const ws = workspaceOf({
    'w.yaml':
      vs('wild', `  hosts: ['*.example.com']\n  http:\n  - route: [{destination: {host: wild}}]\n`) +
      '---\n' +
      vs('exact', `  hosts: [api.example.com]\n  http:\n  - route: [{destination: {host: exact}}]\n`),
  });
  assert.equal(go(ws, { host: 'api.example.com' }).route.resource.name, 'exact');
  const r = go(ws, { host: 'www.example.com' });
  assert.equal(r.route.resource.name, 'wild');
  assert.equal(go(ws, { host: 'api.example.com' }).candidates[0].resource.name, 'wild');
});

test('gateway binding: mesh vs gateway, match-level gateways, Gateway servers, sourceLabels', () => {
  const gw = `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: public\n  namespace: istio-system\nspec:\n  selector: {istio: ingressgateway}\n  servers:\n  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ['shop.example.com']\n`;
  const ws = workspaceOf({
    'gw.yaml': gw,
    'vs.yaml': vs(
      'shop',
      `  hosts: [shop.example.com]
  gateways: [istio-system/public, mesh]
  http:
  - name: gw-only
    match:
    - gateways: [istio-system/public]
      uri: {prefix: /admin}
    route: [{destination: {host: admin}}]
  - name: canary-callers
    match:
    - sourceLabels: {app: tester}
    route: [{destination: {host: shop, subset: canary}}]
  - route: [{destination: {host: shop, subset: stable}}]
`,
      'shop',
    ),
  });
  assert.equal(go(ws, { host: 'shop.example.com', path: '/admin', gateway: 'istio-system/public' }).route.name, 'gw-only');
  const mesh = go(ws, { host: 'shop.example.com', path: '/admin' });
  assert.equal(mesh.route.index, 2);
  assert.equal(go(ws, { host: 'shop.example.com', sourceLabels: { app: 'tester' } }).route.name, 'canary-callers');
  // Gateway server hosts and ports gate what the gateway accepts.
  const other = go(ws, { host: 'shop.example.com', gateway: 'istio-system/public', port: 443 });
  assert.equal(other.matched, false);
  assert.match(other.reason, /has no server on port 443/);
  const only = workspaceOf({
    'vs.yaml': vs('m', `  hosts: [m.example.com]\n  gateways: [istio-system/public]\n  http:\n  - route: [{destination: {host: m}}]\n`),
  });
  assert.equal(go(only, { host: 'm.example.com' }).matched, false);
  assert.equal(go(only, { host: 'm.example.com', gateway: 'istio-system/public' }).matched, true);
});

test('delegate VirtualServices: the child routes take the request; no child match falls through to the next root route', () => {
  const ws = workspaceOf({
    'root.yaml':
      vs(
        'root',
        `  hosts: [www.example.org]
  gateways: [gw]
  http:
  - match:
    - uri: {prefix: /merchants}
    delegate: {name: merchants}
  - match:
    - uri: {prefix: /seller}
    delegate: {name: seller, namespace: other}
  - route: [{destination: {host: fallback}}]
`,
        'example',
      ) +
      '---\n' +
      vs('merchants', `  http:\n  - match:\n    - uri: {exact: /merchants/v2}\n    route: [{destination: {host: merchants-v2}}]\n`, 'example'),
  });
  const v2 = go(ws, { host: 'www.example.org', path: '/merchants/v2', gateway: 'example/gw' });
  assert.equal(v2.route.resource.name, 'merchants');
  assert.equal(v2.via.resource.name, 'root');
  assert.deepEqual(v2.entry.delegate, { name: 'merchants' });
  assert.deepEqual(dests(v2), ['merchants-v2.example.svc.cluster.local 100%']);
  const fall = go(ws, { host: 'www.example.org', path: '/merchants/v1', gateway: 'example/gw' });
  assert.equal(fall.route.index, 2);
  assert.deepEqual(dests(fall), ['fallback.example.svc.cluster.local 100%']);
  const missing = go(ws, { host: 'www.example.org', path: '/seller/1', gateway: 'example/gw' });
  assert.equal(missing.action, 'delegate');
  assert.match(missing.notes.join(), /delegate VirtualService other\/seller is not in the given files/);
});

test('invalid RE2 regexes never match and say why; redirects and direct responses are actions', () => {
  const ws = workspaceOf({
    'r.yaml': vs(
      'r',
      `  hosts: [r.example.com]
  http:
  - match:
    - uri: {regex: '/(?=x)'}
    route: [{destination: {host: never}}]
  - match:
    - uri: {exact: /home}
    redirect: {uri: /}
  - directResponse: {status: 418}
`,
    ),
  });
  assert.equal(go(ws, { host: 'r.example.com', path: '/home' }).action, 'redirect');
  const d = go(ws, { host: 'r.example.com', path: '/x' });
  assert.equal(d.action, 'directResponse');
  assert.deepEqual(d.entry.directResponse, { status: 418 });
  const bad = go(
    workspaceOf({
      'r.yaml': vs('r', `  hosts: [r.example.com]\n  http:\n  - match:\n    - uri: {regex: '/(?=x)'}\n    route: [{destination: {host: never}}]\n`),
    }),
    { host: 'r.example.com', path: '/x' },
  );
  assert.equal(bad.matched, false);
  assert.match(bad.candidates[0].reasons[0], /not valid RE2/);
});

// ---------------------------------------------------------------- Gateway API

const gwapi = (kind, name, ns, spec) =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n${spec}`;
const gateway = gwapi(
  'Gateway',
  'example-gateway',
  'infra',
  `  gatewayClassName: istio
  listeners:
  - name: http
    protocol: HTTP
    port: 80
    allowedRoutes: {namespaces: {from: All}}
  - name: internal
    protocol: HTTP
    port: 8080
    hostname: '*.internal.example.com'
    allowedRoutes: {namespaces: {from: Same}}
`,
);

test('HTTPRoute (Gateway API http-routing guide): hostnames, header match, weighted split with default weight 1', () => {
  const ws = workspaceOf({
    'gw.yaml': gateway,
    'routes.yaml':
      gwapi(
        'HTTPRoute',
        'foo-route',
        'apps',
        `  parentRefs: [{name: example-gateway, namespace: infra}]
  hostnames: [foo.example.com]
  rules:
  - matches:
    - path: {type: PathPrefix, value: /login}
    backendRefs: [{name: foo-svc, port: 8080}]
`,
      ) +
      '---\n' +
      gwapi(
        'HTTPRoute',
        'bar-route',
        'apps',
        `  parentRefs: [{name: example-gateway, namespace: infra}]
  hostnames: [bar.example.com]
  rules:
  - matches:
    - headers:
      - {type: Exact, name: env, value: canary}
    backendRefs: [{name: bar-svc-canary, port: 8080}]
  - backendRefs:
    - {name: bar-svc, port: 8080, weight: 3}
    - {name: bar-svc-v2, port: 8080}
`,
      ),
  });
  const at = (req) => go(ws, { gateway: 'infra/example-gateway', ...req });
  let r = at({ host: 'foo.example.com', path: '/login/x' });
  assert.equal(r.route.resource.name, 'foo-route');
  assert.deepEqual(dests(r), ['foo-svc.apps.svc.cluster.local:8080 100%']);
  // PathPrefix matches whole path elements.
  r = at({ host: 'foo.example.com', path: '/loginx' });
  assert.equal(r.matched, false);
  assert.match(r.candidates.map((c) => c.reasons.join()).join(), /not under prefix "\/login"/);
  r = at({ host: 'bar.example.com', headers: { ENV: 'canary' } });
  assert.equal(r.route.label, 'rules[0]');
  r = at({ host: 'bar.example.com', path: '/anything' });
  assert.equal(r.route.label, 'rules[1]');
  assert.deepEqual(dests(r), ['bar-svc.apps.svc.cluster.local:8080 75%', 'bar-svc-v2.apps.svc.cluster.local:8080 25%']);
  // The internal listener only admits routes from its own namespace, and the hostname must fit it.
  r = at({ host: 'x.internal.example.com', port: 8080 });
  assert.equal(r.matched, false);
});

test('HTTPRoute precedence across routes: exact path over prefix, longer prefix, method, headers; then age and name', () => {
  const route = (name, rule, extra = '') =>
    gwapi('HTTPRoute', name, 'apps', `  parentRefs: [{name: example-gateway, namespace: infra}]\n${extra}  rules:\n${rule}`);
  const ws = workspaceOf({
    'gw.yaml': gateway,
    'r.yaml': [
      route('b-prefix', `  - matches: [{path: {type: PathPrefix, value: /api}}]\n    backendRefs: [{name: prefix, port: 80}]\n`),
      route('c-longer', `  - matches: [{path: {type: PathPrefix, value: /api/v2}}]\n    backendRefs: [{name: longer, port: 80}]\n`),
      route('d-exact', `  - matches: [{path: {type: Exact, value: /api/v2/items}}]\n    backendRefs: [{name: exact, port: 80}]\n`),
      route('e-method', `  - matches: [{path: {type: PathPrefix, value: /api}, method: POST}]\n    backendRefs: [{name: post, port: 80}]\n`),
      route(
        'f-header',
        `  - matches: [{path: {type: PathPrefix, value: /api}, headers: [{name: x-a, value: '1'}]}]\n    backendRefs: [{name: header, port: 80}]\n`,
      ),
      route('a-same', `  - matches: [{path: {type: PathPrefix, value: /api}}]\n    backendRefs: [{name: same, port: 80}]\n`),
      route('host', `  - matches: [{path: {type: PathPrefix, value: /}}]\n    backendRefs: [{name: host, port: 80}]\n`, '  hostnames: [shop.example.com]\n'),
    ].join('---\n'),
  });
  const who = (req) => go(ws, { gateway: 'infra/example-gateway', host: 'any.example.com', ...req }).route?.resource.name;
  assert.equal(who({ path: '/api/v2/items' }), 'd-exact');
  assert.equal(who({ path: '/api/v2/other' }), 'c-longer');
  assert.equal(who({ path: '/api/x', method: 'POST', headers: { 'x-a': '1' } }), 'e-method');
  assert.equal(who({ path: '/api/x', headers: { 'x-a': '1' } }), 'f-header');
  // Equal matches: alphabetical by namespace/name (no creation timestamps in files).
  const tie = go(ws, { gateway: 'infra/example-gateway', host: 'any.example.com', path: '/api/x' });
  assert.equal(tie.route.resource.name, 'a-same');
  assert.match(tie.notes.join(), /HTTPRoute apps\/b-prefix matches with the same precedence/);
  // A matching exact hostname beats a route without hostnames, even with a shorter path.
  assert.equal(who({ host: 'shop.example.com', path: '/api/v2/items' }), 'host');
});

test('HTTPRoute: mesh (GAMMA) routes attach to a Service; no backends or zero weights answer 500', () => {
  const svcYaml = `apiVersion: v1\nkind: Service\nmetadata:\n  name: reviews\n  namespace: shop\nspec:\n  selector: {app: reviews}\n  ports: [{name: http, port: 9080}]\n`;
  const ws = workspaceOf({
    'svc.yaml': svcYaml,
    'r.yaml': gwapi(
      'HTTPRoute',
      'reviews',
      'shop',
      `  parentRefs: [{group: '', kind: Service, name: reviews, port: 9080}]
  rules:
  - matches: [{path: {type: PathPrefix, value: /v2}}]
    backendRefs:
    - {name: reviews-v1, port: 9080, weight: 0}
  - backendRefs:
    - {name: reviews-v1, port: 9080, weight: 90}
    - {name: reviews-v2, port: 9080, weight: 10}
`,
    ),
  });
  const r = go(ws, { host: 'reviews', sourceNamespace: 'shop', path: '/reviews/1' });
  assert.equal(r.route.label, 'rules[1]');
  assert.deepEqual(dests(r), ['reviews-v1.shop.svc.cluster.local:9080 90%', 'reviews-v2.shop.svc.cluster.local:9080 10%']);
  const zero = go(ws, { host: 'reviews.shop.svc.cluster.local', path: '/v2/x' });
  assert.equal(zero.action, 'no-backend');
  assert.match(zero.notes.join(), /every backendRef has weight 0: the gateway answers HTTP 500/);
  // Without any route, mesh traffic goes straight to the Service.
  const plain = go(workspaceOf({ 'svc.yaml': svcYaml }), { host: 'reviews.shop.svc.cluster.local' });
  assert.equal(plain.matched, false);
  assert.match(plain.reason, /goes straight to Service shop\/reviews/);
});

test("the editor command's request line: method, host, port, path, query, headers, gateway", () => {
  assert.deepEqual(svc.parseRequestLine('GET reviews:9080/api?x=1 end-user=jason @istio-system/public'), {
    host: 'reviews:9080',
    path: '/api?x=1',
    method: 'GET',
    headers: { 'end-user': 'jason' },
    gateway: 'istio-system/public',
    scheme: undefined,
  });
  assert.deepEqual(svc.parseRequestLine('https://shop.example.com'), {
    host: 'shop.example.com',
    path: '/',
    method: undefined,
    headers: {},
    gateway: undefined,
    scheme: 'https',
  });
  assert.equal(svc.parseRequestLine('shop @mesh').gateway, undefined);
  assert.match(svc.parseRequestLine('').error, /give a request/);
  assert.match(svc.parseRequestLine('a.example.com bogus').error, /"bogus" is not a header/);
});

test('a VirtualService with only TCP/TLS routes is named as such, not as a 404', () => {
  const ws = workspaceOf({
    'tls.yaml': vs(
      'ext',
      `  hosts: [edition.cnn.com]\n  tls:\n  - match:\n    - port: 443\n      sniHosts: [edition.cnn.com]\n    route:\n    - destination: {host: edition.cnn.com}\n`,
    ),
  });
  const r = go(ws, { host: 'edition.cnn.com' });
  assert.equal(r.matched, false);
  assert.match(r.reason, /VirtualService default\/ext has only TCP\/TLS routes; route simulation evaluates HTTP routes/);
});

test('GRPCRoute (Gateway API gRPC routing guide): service and method matches, header canary, default rule', () => {
  const ws = workspaceOf({
    'gw.yaml': gateway,
    'grpc.yaml': gwapi(
      'GRPCRoute',
      'grpc-app',
      'apps',
      `  parentRefs: [{name: example-gateway, namespace: infra}]
  hostnames: [grpc.example.com]
  rules:
  - matches:
    - method: {service: com.example.User, method: Login}
    backendRefs: [{name: foo-svc, port: 50051}]
  - matches:
    - headers:
      - {type: Exact, name: magic, value: foo}
      method: {service: com.example.User, type: Exact}
    backendRefs: [{name: bar-svc, port: 50051}]
  - matches:
    - method: {type: RegularExpression, service: 'com\\.example\\..*', method: 'Get.*'}
    backendRefs: [{name: getters, port: 50051}]
  - backendRefs: [{name: default-svc, port: 50051}]
`,
    ),
  });
  const at = (path, headers) => go(ws, { gateway: 'infra/example-gateway', host: 'grpc.example.com', method: 'POST', path, headers });
  assert.equal(at('/com.example.User/Login').route.label, 'rules[0]');
  assert.equal(at('/com.example.User/Logout', { magic: 'foo' }).route.label, 'rules[1]');
  assert.equal(at('/com.example.Shop/GetCart').route.label, 'rules[2]');
  assert.equal(at('/com.example.Shop/PutCart').route.label, 'rules[3]');
  const r = at('/com.example.User/Login');
  assert.equal(r.route.kind, 'GRPCRoute');
  assert.deepEqual(dests(r), ['foo-svc.apps.svc.cluster.local:50051 100%']);
});
