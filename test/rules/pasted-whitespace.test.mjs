// What the fixtures (test/rules/pasted-whitespace/) cannot say: the length of a finding at column 0
// (a `<-` marker does not check it), and that the file is still analyzed.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { workspaceOf } from '../helpers.mjs';
import { caseFindings } from './_cases.mjs';

test('pasted-whitespace: a finding covers the pasted characters of its line', () => {
  const f = caseFindings('pasted-whitespace', 'non-breaking-spaces');
  assert.deepEqual(
    f.map((x) => [x.range.start.character, x.range.end.character]),
    [
      [11, 12],
      [0, 2],
      [0, 2],
    ],
  );
});

test('pasted-whitespace: analysis continues, reading non-breaking spaces and tabs as spaces', () => {
  const nb = '\u00a0';
  const ws = workspaceOf({
    's.yaml': `apiVersion:${nb}v1\nkind: Service\nmetadata:\n${nb}${nb}name: r # a${nb}comment\n${nb}${nb}labels:\n    note: "quoted${nb}value"\nspec:\n  selector: {app: r}\n`,
    't.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: t\ndata:\n  a: "x\ty"\n',
  });
  const svc = ws.getFile('file:///ws/s.yaml').resources[0];
  assert.equal(svc.kind, 'Service');
  assert.equal(svc.name, 'r');
  assert.equal(svc.labels.note, `quoted${nb}value`);
  assert.equal(ws.getFile('file:///ws/t.yaml').resources[0].name, 't');
});
