// What the fixtures (test/rules/helm-template/) cannot say: that a template file reports nothing else.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allFindings, workspaceOf } from '../helpers.mjs';

test('helm-template: one info finding at the first template expression, nothing else', () => {
  const f = allFindings(
    workspaceOf({
      't.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include "x.fullname" . }}\n  labels: {{- toYaml .Values.labels | nindent 4 }}\n',
    }),
  );
  assert.deepEqual(
    f.map((x) => [x.rule, x.severity, x.line, x.range.start.character]),
    [['helm-template', 'info', 4, 8]],
  );
});
