import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtures } from '../helpers.mjs';
import { findingsOf, vsHead, drHead } from './_check.mjs';

test('unknown-field: seed 003 `meta data:` on its exact line, with the suggestion metadata', () => {
  const f = findingsOf({ 'v1.yaml': readFileSync(join(fixtures, 'seeds/003-micro-api-istio-v1.yaml'), 'utf8') }, 'unknown-field');
  assert.equal(f.length, 1);
  assert.equal(f[0].line, 18);
  assert.equal(f[0].range.start.character, 0);
  assert.equal(f[0].data.suggestion, 'metadata');
  // The NBSP inside the key is text (as Go's YAML parser reads it): the key is `meta<NBSP>data`.
  assert.match(f[0].message, /Unknown field `meta\u00a0data` in the resource: did you mean `metadata`\?/);
});

test('unknown-field: typos and keys at the wrong level; quiet on valid resources and when turned off', () => {
  const vs = vsHead + '  http:\n  - rout:\n    - destination: {host: r}\n';
  let f = findingsOf(vs, 'unknown-field');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /`rout` in spec\.http\.0: did you mean `route`\?/);
  const dr = drHead + '  trafficPolicy:\n    subsets:\n    - name: v1\n      labels: {version: v1}\n';
  f = findingsOf(dr, 'unknown-field');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /`subsets` belongs under spec, not here/);
  assert.deepEqual(findingsOf(vs, 'unknown-field', { schemaValidation: false }), []);
  assert.deepEqual(findingsOf(vsHead + '  http:\n  - route:\n    - destination: {host: r}\n', 'unknown-field'), []);
});
