// Field accuracy: `meshlint .` at the root of each real repository of ../shared/corpus/field must
// report exactly the reviewed errors and warnings of test/field/expected.json, and every error kept
// there carries the reason it is real.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { lintRepository } from './field/snapshot.mjs';
import { root } from './helpers.mjs';

const corpus = join(root, '..', 'shared', 'corpus', 'field');
const expected = JSON.parse(readFileSync(join(root, 'test/field/expected.json'), 'utf8')).repositories;
const present = existsSync(corpus)
  ? readdirSync(corpus)
      .filter((d) => d.includes('__'))
      .sort()
  : [];
if (!present.length) console.log(`# SKIP field corpus: ${corpus} is absent`);

test('every reviewed error states why it is real', () => {
  for (const [repo, e] of Object.entries(expected)) {
    for (const rule of new Set(e.errors.map((x) => x.split(' ')[1]))) assert.ok(e.why?.[rule]?.length > 20, `${repo}: no reason recorded for ${rule} errors`);
    assert.equal(e.exit, e.errors.length ? 1 : 0, repo);
  }
});

for (const repo of present) {
  test(`field: ${repo}`, { skip: !expected[repo] && 'not in test/field/expected.json' }, () => {
    const got = lintRepository(join(corpus, repo));
    const want = expected[repo];
    assert.deepEqual(got.errors, want.errors, `${repo}: errors differ from the reviewed snapshot`);
    assert.deepEqual(got.warnings, want.warnings, `${repo}: warnings differ from the reviewed snapshot`);
    assert.equal(got.exit, want.exit, `${repo}: exit code`);
  });
}

test('field: the corpus as a whole', { skip: !present.length && 'field corpus absent' }, () => {
  const withErrors = present.filter((r) => expected[r]?.errors.length);
  // The repositories with errors hold outdated (pre-1.0, Mixer, pre-1.6 security) config, a file
  // that is not YAML, or routes to ports their Services do not expose.
  assert.deepEqual(
    withErrors,
    [
      'GoogleCloudPlatform__anthos-service-mesh-samples',
      'GoogleCloudPlatform__istio-samples',
      'IBM__istio101',
      'PacktPublishing__Kubernetes-Service-Mesh-with-Istio',
      'RedHatGov__service-mesh-workshop-code',
      'argoproj__argo-rollouts',
      'redhat-scholars__istio-tutorial',
      'sighupio__fury-kubernetes-service-mesh',
    ].filter((r) => present.includes(r)),
  );
});
