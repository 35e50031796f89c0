import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from './_check.mjs';
import { service, deployment, destinationRule, virtualService } from './_fixtures.mjs';

const vs = (routes) => 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\nspec:\n  hosts: [r]\n  http:\n' + routes;
test('unreachable-route: a route after a catch-all, and a route whose only match repeats an earlier one', () => {
  const f = findingsOf(vs('  - route: [{destination: {host: r}}]\n  - match: [{uri: {prefix: /a}}]\n    route: [{destination: {host: r}}]\n'), 'unreachable-route');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /http\[1\] is never used: it comes after http\[0\], which has no match/);
  const g = findingsOf(vs('  - match: [{uri: {prefix: /a}}]\n    route: [{destination: {host: r}}]\n  - match: [{name: again, uri: {prefix: /a}}]\n    route: [{destination: {host: r}}]\n  - route: [{destination: {host: r}}]\n'), 'unreachable-route');
  assert.equal(g.length, 1);
  assert.match(g[0].message, /all its matches are used by prior rules/);
});
