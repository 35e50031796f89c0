import assert from 'node:assert/strict';
import { test } from 'node:test';
import { svc } from '../helpers.mjs';

test('internal-error: a failing rule becomes a finding instead of an exception', () => {
  const boom = {
    id: 'boom',
    severity: 'error',
    title: 'always fails',
    kinds: ['*'],
    check() {
      throw new Error('kaput');
    },
  };
  const ws = new svc.Workspace([boom], svc.DEFAULT_SETTINGS);
  ws.setFile('file:///a.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n');
  const d = ws.diagnostics('file:///a.yaml');
  assert.equal(d.length, 1);
  assert.equal(d[0].rule, 'internal-error');
  assert.match(d[0].message, /Rule boom failed on Service s: kaput/);
});
