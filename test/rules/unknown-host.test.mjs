import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workspaceOf, allFindings, byRule } from '../helpers.mjs';
import { service, virtualService } from './_fixtures.mjs';

const se = `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: ext
spec:
  hosts:
  - "*.example.com"
  ports:
  - number: 443
    name: https
    protocol: HTTPS
  resolution: DNS
`;

test('unknown-host: shows how the name was resolved; Services and wildcard ServiceEntries satisfy it', () => {
  const ws = workspaceOf({
    'svc.yaml': service('reviews', 'default'),
    'se.yaml': se,
    'vs.yaml': virtualService('r', 'reviews', [['reviews', undefined, 50], ['api.example.com', undefined, 25], ['ratings', undefined, 25]]),
  });
  const f = byRule(allFindings(ws), 'unknown-host');
  assert.equal(f.length, 1);
  // The Service may be installed outside these files: a hint, unless the workspace is declared complete.
  assert.equal(f[0].severity, 'hint');
  assert.match(f[0].message, /Destination host ratings → ratings\.default\.svc\.cluster\.local \(short name, resolved in namespace default\) matches no Service or ServiceEntry/);
});

test('unknown-host: a warning in a workspace declared complete, or for a near miss of a known Service', () => {
  const files = { 'svc.yaml': service('reviews', 'default'), 'vs.yaml': virtualService('r', 'reviews', [['ratings']]) };
  const complete = byRule(allFindings(workspaceOf(files, { completeWorkspace: true })), 'unknown-host');
  assert.deepEqual(complete.map((f) => f.severity), ['warning']);
  const typo = byRule(allFindings(workspaceOf({ 'svc.yaml': service('reviews', 'default'), 'vs.yaml': virtualService('r', 'reviews', [['reviwes']]) })), 'unknown-host');
  assert.deepEqual(typo.map((f) => f.severity), ['warning']);
  assert.match(typo[0].message, /did you mean reviews\?/);
});

test('unknown-host: "name.namespace" is taken as written, as Istio does', () => {
  const ws = workspaceOf({ 'svc.yaml': service('reviews', 'prod'), 'vs.yaml': virtualService('r', 'reviews.prod', [['reviews.prod']]) });
  const f = byRule(allFindings(ws), 'unknown-host');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /Istio does not expand "name\.namespace"/);
});
