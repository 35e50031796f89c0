// `meshlint --fix` over copies of the shared corpora (../shared/corpus/istio and field): it
// changes only what the safe fixes claim (the dry-run diff, file for file), every fix applied
// is of a kind its rule declares safe, comments and parse state survive, and a second --fix
// changes nothing.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { root, svc } from './helpers.mjs';

const corpus = join(root, '..', 'shared', 'corpus');
const present = existsSync(join(corpus, 'istio')) && existsSync(join(corpus, 'field'));
if (!present) console.log(`# SKIP corpus --fix run: ${corpus}/istio and /field are absent`);

function snapshot(dir, out = new Map(), base = dir) {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) snapshot(p, out, base);
    else if (/\.ya?ml$/i.test(e)) out.set(relative(base, p), readFileSync(p, 'latin1'));
  }
  return out;
}

const comments = (t) => t.split('\n').filter((l) => /(^|\s)#/.test(l)).length;
const errors = (t) => parseAllDocuments(t).reduce((a, d) => a + d.errors.length, 0);

test('--fix over the istio and field corpora: only the safe fixes it claims, and a second run changes nothing', {
  skip: present ? false : 'corpus absent',
}, () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshcorpusfix-'));
  for (const c of ['istio', 'field']) cpSync(join(corpus, c), join(dir, c), { recursive: true });
  const before = snapshot(dir);
  const meshlint = (args) =>
    spawnSync(process.execPath, [join(root, 'bin/meshlint.js'), '--no-ignore', '-f', 'json', ...args, 'istio', 'field'], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });

  const dry = meshlint(['--fix-dry-run']);
  const claimed = new Set([...dry.stdout.matchAll(/^\+\+\+ b\/(.+)$/gm)].map((m) => m[1]));
  const summary = /(\d+) fix(?:es)? in (\d+) files?(?: \(([^)]*)\))? \(dry run/.exec(dry.stderr);
  assert.ok(summary, dry.stderr.slice(-500));

  const fix = meshlint(['--fix']);
  const applied = /applied (\d+) fix(?:es)? in (\d+) files?(?: \(([^)]*)\))?/.exec(fix.stderr);
  assert.ok(applied, fix.stderr.slice(-500));
  assert.deepEqual(applied.slice(1), summary.slice(1), 'the run applies what the dry run claimed');
  const byRule = Object.fromEntries(
    (applied[3] ?? '')
      .split(', ')
      .filter(Boolean)
      .map((x) => x.split(' '))
      .map(([r, n]) => [r, Number(n)]),
  );
  for (const rule of Object.keys(byRule))
    assert.ok(
      svc.ruleById(rule).fixes?.some((f) => f.kind === 'safe'),
      `${rule} has no safe fix`,
    );

  const after = snapshot(dir);
  const changed = [...after].filter(([f, t]) => before.get(f) !== t).map(([f]) => f);
  assert.deepEqual(changed.sort(), [...claimed].sort(), 'files changed = files the dry run showed');
  for (const f of changed) {
    const [b, a] = [Buffer.from(before.get(f), 'latin1').toString('utf8'), Buffer.from(after.get(f), 'latin1').toString('utf8')];
    assert.ok(comments(a) >= comments(b), `${f}: lost a comment`);
    assert.ok(errors(a) <= errors(b), `${f}: new YAML error`);
  }

  const again = meshlint(['--fix']);
  assert.match(again.stderr, /applied 0 fixes in 0 files/);
  const third = snapshot(dir);
  assert.ok(
    [...third].every(([f, t]) => after.get(f) === t),
    'a second --fix changes nothing',
  );
  console.log(`# corpus --fix: ${before.size} files, ${applied[1]} fix(es) in ${changed.length} file(s) (${applied[3] ?? 'none'}); second run: 0 changes`);
});
