import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf, vsHead } from './_check.mjs';

test('route-without-destination: an empty route; no routes at all; redirects are fine', () => {
  let f = findingsOf(vsHead + '  http:\n  - match: [{uri: {prefix: /a}}]\n  - redirect: {uri: /b}\n  - route: []\n', 'route-without-destination');
  assert.deepEqual(f.map((x) => x.line), [8, 10]);
  assert.match(f[0].message, /http\[0\] has no destination, redirect, direct response or delegate/);
  f = findingsOf(vsHead, 'route-without-destination');
  assert.match(f[0].message, /no `http`, `tcp` or `tls` routes/);
});
