// The fast fuzz property suite: a fixed seed, a few hundred mutated inputs from the repo's own
// fixtures (not ../shared, so the inputs are the same everywhere). The long run is
// `npm run fuzz` (figures in docs/reliability.md).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkFiles, inputArb, loadCore, loadCorpus, materialize, mutate } from '../../scripts/fuzz/core.mjs';

const core = await loadCore();
const { files: corpus } = loadCorpus({ shared: false });

test('fuzz properties hold on 60 mutated inputs (seed 16)', () => {
  assert.ok(corpus.length > 50, `${corpus.length} corpus files`);
  fc.assert(
    fc.property(inputArb(corpus), (input) => {
      const files = materialize(corpus, input);
      // Generous time base: the suite runs next to other tests on a loaded machine.
      const problems = checkFiles(core, files, { timeBase: 10000 });
      assert.deepEqual(problems, []);
    }),
    { seed: 16, numRuns: 60, endOnFailure: true },
  );
});

test('mutations are deterministic and change the text', () => {
  const text = corpus.find((f) => f.name.includes('seeds/001-')).text;
  let changed = 0;
  fc.assert(
    fc.property(
      fc.array(
        fc.constantFrom(...'x'.split('')).chain(() => inputArb(corpus).map((i) => i.mutations[0])),
        { minLength: 1, maxLength: 1 },
      ),
      ([m]) => {
        const a = mutate(text, m);
        assert.equal(mutate(text, m), a);
        if (a !== text) changed++;
      },
    ),
    { seed: 16, numRuns: 200 },
  );
  assert.ok(changed > 150, `${changed} of 200 mutations changed the text`);
});
