// meshlint --fix, --fix-dry-run and the canary subcommand, on real files.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixtures, root } from '../helpers.mjs';

const bin = join(root, 'bin/meshlint.js');
const run = (args, cwd) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd });

test('--fix-dry-run prints a diff and writes nothing; --fix applies only safe fixes, --fix-suggestions the rest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshfix-'));
  cpSync(join(root, 'examples'), dir, { recursive: true });
  const before = readFileSync(join(dir, 'virtual-services.yaml'), 'utf8');
  let r = run(['--fix-dry-run', '.'], dir);
  assert.equal(r.status, 1, 'errors remain after the safe fixes');
  assert.match(r.stdout, /^--- a\/virtual-services\.yaml$/m);
  assert.match(r.stdout, /^- {10}host: payments\n- {10}subset: v1\n\+ {12}host: payments\n\+ {12}subset: v1$/m);
  assert.doesNotMatch(r.stdout, /shop-gateway|weight: 82/, 'suggestions are not applied by plain --fix');
  assert.match(r.stderr, /1 fix in 1 file \(misnested-destination 1\) \(dry run/);
  assert.equal(readFileSync(join(dir, 'virtual-services.yaml'), 'utf8'), before);
  r = run(['--fix-dry-run', '--fix-suggestions', '.'], dir);
  assert.match(r.stdout, /^- {4}- shop-gatway\n\+ {4}- shop-gateway$/m);
  assert.match(r.stdout, /^- {10}weight: 90\n\+ {10}weight: 82$/m);
  assert.match(r.stderr, /3 fixes in 1 file \(dry run|3 fixes in 1 file \(.*\) \(dry run/);
  r = run(['--fix', '.'], dir);
  assert.match(r.stderr, /applied 1 fix in 1 file/);
  let after = readFileSync(join(dir, 'virtual-services.yaml'), 'utf8');
  assert.match(after, / {12}host: payments\n {12}subset: v1\n/);
  assert.match(after, /- shop-gatway\n/, 'gateway binding is a suggestion');
  r = run(['--fix', '--fix-suggestions', '.'], dir);
  assert.match(r.stderr, /applied 2 fixes in 1 file/);
  after = readFileSync(join(dir, 'virtual-services.yaml'), 'utf8');
  assert.match(after, /- shop-gateway\n/);
  assert.match(after, /# Canary step 2 of 4: 20% of checkout traffic to v2\./, 'comment kept');
  // What is left cannot be fixed automatically: the unknown v2-canary subset, the v3 subset without pods.
  assert.equal(r.status, 1);
  assert.match(r.stdout, /unknown-subset/);
  assert.doesNotMatch(r.stdout, /misnested-destination|weights-not-100|unknown-gateway/);
});

test('--fix on the pasted article 003 turns every non-breaking space into a plain space', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshfix3-'));
  for (const f of ['003-micro-api-destinationrule.yaml', '003-micro-gateway.yaml']) cpSync(join(fixtures, 'seeds', f), join(dir, f));
  const r = run(['--fix', '--format', 'json', '.'], dir);
  for (const f of ['003-micro-api-destinationrule.yaml', '003-micro-gateway.yaml']) {
    const t = readFileSync(join(dir, f), 'utf8');
    assert.ok(!t.includes('\u00a0'), f);
  }
  assert.deepEqual(
    JSON.parse(r.stdout).filter((x) => x.rule === 'pasted-whitespace'),
    [],
  );
});

test('meshlint canary: start, set, promote, retire, with clear errors when a step does not apply', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshcanary-'));
  cpSync(join(fixtures, 'istio-corpus/bookinfo-platform/bookinfo.yaml'), join(dir, 'bookinfo.yaml'));
  writeFileSync(
    join(dir, 'dr.yaml'),
    'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: reviews\nspec:\n  host: reviews\n  subsets:\n  - name: v1\n    labels:\n      version: v1\n',
  );
  writeFileSync(
    join(dir, 'vs.yaml'),
    'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\nspec:\n  hosts:\n  - reviews\n  http:\n  - route:\n    - destination:\n        host: reviews\n        subset: v1\n',
  );
  const c = (...args) => run(['canary', '.', '--virtual-service', 'reviews', ...args], dir);
  let r = c('--advance');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /single destination: start a canary first/);
  r = c('--start', '--canary', 'v2', '--dry-run');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^\+ {2}- name: v2$/m);
  assert.match(readFileSync(join(dir, 'dr.yaml'), 'utf8'), /^(?!.*v2)/s);
  r = c('--start', '--canary', 'v2');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Start canary: v2 at 5% \(v1 95%\)/);
  r = c('--set', '20');
  assert.equal(r.status, 0, r.stderr);
  assert.match(
    readFileSync(join(dir, 'vs.yaml'), 'utf8'),
    /subset: v1\n {6}weight: 80\n {4}- destination:\n {8}host: reviews\n {8}subset: v2\n {6}weight: 20\n/,
  );
  r = c('--promote');
  assert.equal(r.status, 0);
  r = c('--promote');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /already in place, nothing to change/);
  r = c('--retire');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Retire v1 and remove subset reviews\/v1/);
  assert.doesNotMatch(readFileSync(join(dir, 'dr.yaml'), 'utf8'), /name: v1/);
  r = c('--retire');
  assert.equal(r.status, 0, 'retiring again: already in place');
  assert.match(r.stdout, /only v2 is left: already in place/);
  r = run(['canary', '.', '--virtual-service', 'nope', '--promote'], dir);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no VirtualService nope/);
  r = run(['canary', '.', '--virtual-service', 'reviews'], dir);
  assert.equal(r.status, 2);
  r = run(['canary', '.', '--virtual-service', 'reviews', '--set', '120'], dir);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--set expects an integer from 0 to 100/);
});
