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

test('helm-template: a chart template says how to have it rendered (helm, meshLsp.helmCommand, --helm, a trusted workspace)', () => {
  const template = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n';
  const [inChart] = allFindings(workspaceOf({ 'chart/templates/svc.yaml': template }));
  assert.equal(inChart.rule, 'helm-template');
  assert.match(
    inChart.message,
    /^Helm chart template: .*install helm, or set meshLsp\.helmCommand \(meshlint: --helm <path>\); in VS Code the workspace must be trusted\./,
  );
  // Outside a chart's templates/ folder the file is not known to be a chart's: render it yourself.
  const [loose] = allFindings(workspaceOf({ 'svc.yaml': `${template}  labels: {{- toYaml .Values.labels | nindent 4 }}\n` }));
  assert.match(loose.message, /^File contains Helm\/Go template syntax .*helm template \. \| meshlint -/);
});
