import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workspaceOf, allFindings } from '../helpers.mjs';

test('helm-template: one info finding at the first template expression, nothing else', () => {
  const f = allFindings(workspaceOf({ 't.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include "x.fullname" . }}\n  labels: {{- toYaml .Values.labels | nindent 4 }}\n' }));
  assert.equal(f.length, 1);
  assert.equal(f[0].rule, 'helm-template');
  assert.equal(f[0].severity, 'info');
  assert.deepEqual([f[0].line, f[0].range.start.character], [4, 8]);
});
