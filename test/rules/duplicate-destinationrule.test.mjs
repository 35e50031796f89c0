import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from './_check.mjs';

const dr = (name, extra = '') => `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: ${name}\nspec:\n  host: reviews\n${extra}`;

test('duplicate-destinationrule: two DestinationRules for one host in one namespace, applied together', () => {
  const f = findingsOf({ 'app/kustomization.yaml': 'resources:\n- a.yaml\n- b.yaml\n', 'app/a.yaml': dr('reviews'), 'app/b.yaml': dr('reviews-pool') }, 'duplicate-destinationrule');
  assert.deepEqual(f.map((x) => x.file).sort(), ['a.yaml', 'b.yaml']);
  assert.match(f.find((x) => x.file === 'a.yaml').message, /DestinationRule reviews and DestinationRule reviews-pool \(b\.yaml\) are DestinationRules for host reviews\.default\.svc\.cluster\.local/);
  assert.equal(f[0].severity, 'warning');
});

test('duplicate-destinationrule: exportTo or workloadSelector split them; other folders are other apply units', () => {
  assert.deepEqual(findingsOf({ 'x.yaml': dr('a', '  exportTo: ["."]\n') + '---\n' + dr('b', '  exportTo: ["other"]\n') }, 'duplicate-destinationrule'), []);
  assert.deepEqual(findingsOf({ 'x.yaml': dr('a') + '---\n' + dr('b', '  workloadSelector:\n    matchLabels: {app: gw}\n') }, 'duplicate-destinationrule'), []);
  assert.deepEqual(findingsOf({ 'one/a.yaml': dr('a'), 'two/b.yaml': dr('b') }, 'duplicate-destinationrule'), []);
});
