// The seed articles, each analyzed as one workspace, with the findings we expect.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { test } from 'node:test';
import { allFindings, byRule, seedFiles, workspaceOf } from './helpers.mjs';

const linkRules = ['unknown-subset', 'unknown-host', 'unknown-gateway', 'subset-no-workload'];

test('article 001: every VirtualService has its misnested destinations caught', () => {
  const files = seedFiles('001');
  const findings = allFindings(workspaceOf(files));
  const misnested = byRule(findings, 'misnested-destination');
  const expected = {
    '001-reviews-50-50.yaml': [11, 15],
    '001-reviews-all-v1.yaml': [11],
    '001-reviews-all-v2.yaml': [11],
    '001-reviews-cookie-canary.yaml': [15, 19],
    '001-reviews-header-canary.yaml': [15, 19],
  };
  const got = {};
  for (const f of misnested) (got[f.file] ??= []).push(f.line);
  assert.deepEqual(got, expected);
  for (const f of misnested) {
    assert.equal(f.severity, 'error');
    assert.match(f.message, /`host`, `subset` sit beside `destination:`/);
    assert.match(f.message, /Indent them by 2 more spaces/);
    assert.equal(f.data.direction, 'out');
  }
  // Read as intended, the subsets resolve against the article's DestinationRule.
  assert.equal(byRule(findings, 'unknown-subset').length, 0);
  // No Service for reviews in the article: it may be installed elsewhere, so a hint per destination host and for the DR host.
  assert.ok(byRule(findings, 'unknown-host').every((f) => f.severity === 'hint' && /reviews\.default\.svc\.cluster\.local/.test(f.message)));
  // Five files define the same VirtualService reviews: the article's successive steps, alternatives never applied together.
  assert.equal(byRule(findings, 'duplicate-resource').length, 0);
});

test('article 003: non-breaking spaces reported once per line, then the links resolve', () => {
  const files = seedFiles('003');
  const ws = workspaceOf(files);
  const findings = allFindings(ws);
  const ws003 = byRule(findings, 'pasted-whitespace');
  for (const f of files) {
    const name = basename(f);
    const lines = readFileSync(f, 'utf8').split('\n');
    const withNbsp = lines.map((l, i) => (l.includes('\u00a0') ? i + 1 : 0)).filter(Boolean);
    const reported = ws003.filter((x) => x.file === name).map((x) => x.line);
    if (name === '003-rolling-update-fragment.yaml') {
      // A fragment with no apiVersion/kind is not Kubernetes YAML: ignored quietly.
      assert.deepEqual(reported, []);
      assert.deepEqual(
        findings.filter((x) => x.file === name),
        [],
      );
      continue;
    }
    // `meta data:` has its NBSP inside the key, where it is text (Go's YAML parser reads the key
    // `meta<NBSP>data`): the unknown-field finding below reports it.
    const inText = name === '003-micro-api-istio-v1.yaml' ? [18] : [];
    assert.deepEqual(
      reported,
      withNbsp.filter((l) => !inText.includes(l)),
      name,
    );
  }
  assert.ok(ws003.length > 200);
  assert.match(ws003[0].message, /non-breaking spaces \(U\+00A0\)/);
  assert.match(ws003[0].message, /web page/);
  // Read as spaces, every reference resolves: host → Service, subsets → DR, DR subsets → pods, gateway → Gateway.
  for (const rule of linkRules) assert.deepEqual(byRule(findings, rule), [], rule);
  const vs = [...ws.allResources()].filter((r) => r.kind === 'VirtualService');
  assert.equal(vs.length, 2);
  assert.deepEqual(
    vs[0].view.vs.gateways.map((g) => g.value),
    ['micro-gateway'],
  );
  // The article's steps redefine the same Service, Deployment and VirtualService: successive
  // alternatives, never applied together, so no duplicate. The original micro-api Deployment's
  // version-less selector also matches the versioned pods: the v1/canary pattern, which works
  // (controllers own their pods through ownerReferences).
  assert.deepEqual(byRule(findings, 'duplicate-resource'), []);
  assert.deepEqual(byRule(findings, 'overlapping-selectors'), []);
  // The Service sends port 19090 to targetPort 9090, while every container listens on 19090.
  // A numeric targetPort is not judged by the containers' declarations (informational in
  // Kubernetes): a hint that names the declared ports.
  const target = byRule(findings, 'target-port-not-exposed');
  assert.deepEqual(target.map((f) => `${f.file}:${f.line}`).sort(), ['003-micro-api-istio-v1.yaml:10', '003-micro-api-service-deployment.yaml:10']);
  assert.ok(target.every((f) => f.severity === 'hint' && /they declare ports 19090/.test(f.message)));
  // `meta data:` (with a non-breaking space) is an unknown key: the Deployment has no metadata, no name.
  const meta = byRule(findings, 'unknown-field');
  assert.deepEqual(
    meta.map((f) => `${f.file}:${f.line}:${f.data.suggestion}`),
    ['003-micro-api-istio-v1.yaml:18:metadata'],
  );
});

test('article 004: the v2 and v3 subsets that no DestinationRule defines', () => {
  const findings = allFindings(workspaceOf(seedFiles('004')));
  const subsets = byRule(findings, 'unknown-subset')
    .map((f) => `${f.file}:${f.line}:${f.data.subset}`)
    .sort();
  assert.deepEqual(subsets, [
    '004-ratings-fault-delay.yaml:17:v1',
    '004-ratings-retries.yaml:12:v1',
    '004-reviews-50-v1-v3.yaml:16:v3',
    '004-reviews-end-user-jason.yaml:16:v2',
  ]);
  const v3 = byRule(findings, 'unknown-subset').find((f) => f.data.subset === 'v3');
  assert.match(v3.message, /not defined by DestinationRule reviews .*defined: v1/);
  const ratings = byRule(findings, 'unknown-subset').find((f) => f.file === '004-ratings-retries.yaml');
  assert.match(ratings.message, /no DestinationRule for host ratings\.default\.svc\.cluster\.local exists/);
  assert.equal(byRule(findings, 'misnested-destination').length, 0);
  assert.equal(byRule(findings, 'weights-not-100').length, 0);
  // The cheat sheet's Mixer telemetry is removed API, and its fault `percent` is deprecated.
  assert.deepEqual(
    byRule(findings, 'removed-api').map((f) => f.data.kind),
    ['metric', 'prometheus', 'rule'],
  );
  assert.deepEqual(
    byRule(findings, 'deprecated-field').map((f) => `${f.file}:${f.line}`),
    ['004-ratings-fault-delay.yaml:12'],
  );
});
