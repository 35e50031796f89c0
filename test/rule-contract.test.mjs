// The rule contract: each rule holds its metadata and its fixes, so adding a rule touches only its file.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { root, svc } from './helpers.mjs';

const CATEGORIES = ['parse', 'schema', 'structure', 'traffic', 'links', 'workspace', 'gateway-api'];

test('every rule file is in the registry, with a category and a default severity', () => {
  const files = readdirSync(join(root, 'server/src/service/rules')).filter((f) => f.endsWith('.ts') && !f.startsWith('_') && !f.endsWith('.gen.ts'));
  assert.deepEqual(svc.RULES.map((r) => r.id).sort(), files.map((f) => f.replace(/\.ts$/, '')).sort());
  for (const r of svc.RULES) {
    assert.ok(CATEGORIES.includes(r.category), `${r.id}: category ${r.category}`);
    assert.ok(['error', 'warning', 'info', 'hint'].includes(r.severity), `${r.id}: severity ${r.severity}`);
  }
});

test('a rule offers fixes exactly when it describes them', () => {
  for (const r of svc.RULES) {
    assert.equal(typeof r.fix === 'function', (r.fixes?.length ?? 0) > 0, `${r.id}: fix() and fixes[] go together`);
  }
});

test('a rule is looked up by id for its fixes: a workspace without the rule offers none', () => {
  const vs =
    'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\nspec:\n  hosts: [r]\n  http:\n  - route:\n    - destination: {host: r, subset: a}\n      weight: 30\n    - destination: {host: r, subset: b}\n      weight: 30\n';
  const rule = svc.ruleById('weights-not-100');
  const only = new svc.Workspace([rule], svc.DEFAULT_SETTINGS);
  only.setFile('file:///w/vs.yaml', vs);
  const [f] = only.findings('file:///w/vs.yaml');
  assert.equal(f.rule, 'weights-not-100');
  assert.deepEqual(
    svc.fixesFor(only, f.uri, f.id).map((x) => [x.title, x.kind, x.preferred]),
    [['Normalize weights to 100 (50/50)', 'suggestion', true]],
  );
  const none = new svc.Workspace([], svc.DEFAULT_SETTINGS);
  none.setFile('file:///w/vs.yaml', vs);
  assert.deepEqual(svc.fixesFor(none, f.uri, f.id), []);
});

test('parse-level rules report through the rule runner: severity settings and off apply', () => {
  const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  ports: [{port: 80\n';
  const ws = svc.createWorkspace({ rules: { 'yaml-syntax': 'warning' } });
  ws.setFile('file:///w/a.yaml', text);
  const syntax = ws.findings('file:///w/a.yaml').filter((f) => f.rule === 'yaml-syntax');
  assert.ok(syntax.length > 0);
  assert.ok(syntax.every((f) => f.severity === 'warning'));
  const off = svc.createWorkspace({ rules: { 'yaml-syntax': 'off' } });
  off.setFile('file:///w/a.yaml', text);
  assert.equal(off.findings('file:///w/a.yaml').filter((f) => f.rule === 'yaml-syntax').length, 0);
});
