// Every rule has a docs page, and the README rule table is current.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { svc, root } from './helpers.mjs';

test('every rule has an id, a severity, a title and a docs page that names it', () => {
  const ids = new Set();
  for (const r of svc.RULES) {
    assert.match(r.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(!ids.has(r.id), `duplicate rule id ${r.id}`);
    ids.add(r.id);
    assert.ok(['error', 'warning', 'info', 'hint'].includes(r.severity));
    assert.ok(r.title.length > 10);
    const page = join(root, 'docs/rules', `${r.id}.md`);
    assert.ok(existsSync(page), `missing docs/rules/${r.id}.md`);
    assert.match(readFileSync(page, 'utf8'), new RegExp(`^# ${r.id}\\b`));
    for (const code of r.upstream ?? []) assert.match(readFileSync(page, 'utf8'), new RegExp(code), `${r.id}: docs must name ${code}`);
  }
});

test('the README rule table is current (npm run docs)', () => {
  const r = spawnSync(process.execPath, [join(root, 'scripts/gen-docs.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});
