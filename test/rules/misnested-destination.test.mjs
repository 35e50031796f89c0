// What the fixtures (test/rules/misnested-destination/) cannot say: where a finding spanning several
// lines ends, and the finding's data (the keys to move and by how much).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { caseFindings } from './_cases.mjs';

test('misnested-destination: host/subset beside an empty destination, through `subset: v1`, indent by 2', () => {
  const f = caseFindings('misnested-destination', 'host-beside-destination');
  assert.equal(f.length, 1);
  assert.equal(
    f[0].range.end.line,
    f[0].text.split('\n').findIndex((l) => l.includes('subset: v1')),
  );
  assert.deepEqual(f[0].data.keys, ['host', 'subset']);
  assert.equal(f[0].data.indentBy, 2);
});

test('misnested-destination: 4-space indentation says 4', () => {
  assert.deepEqual(
    caseFindings('misnested-destination', 'four-space-indent').map((f) => f.data.indentBy),
    [4],
  );
});

test('misnested-destination: weight indented inside destination is moved out by 2', () => {
  const f = caseFindings('misnested-destination', 'weight-inside-destination');
  assert.deepEqual(
    f.map((x) => [x.data.direction, x.data.outdentBy]),
    [['in', 2]],
  );
});
