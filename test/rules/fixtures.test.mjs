// Rule tests as fixtures: every rule has a folder test/rules/<rule-id>/ of cases, and each case
// is a YAML file whose expected findings are written beside the lines they point at.
//
// Cases
//   <rule-id>/<case>.yaml          a one-file workspace (file:///ws/<case>.yaml)
//   <rule-id>/<case>/...           a multi-file workspace: every file in the folder, recursively
//                                  (file:///ws/<path in the folder>); markers may be in any file
//   <case>.fixed.yaml              not a case: the text expected after applying the fixes of the
//                                  rule's findings to <case>.yaml (also inside a case folder)
//   The workspace folder is file:///ws/, so messages name files by their path in the case.
//
// Markers are YAML comment lines; the analyzer sees the file as it is, comments included.
//   # ^^^ error weights-not-100    a finding of that rule, with that (effective) severity, starting at
//                                  the column of the first `^` on the nearest line above that is not a
//                                  marker, as long as the carets (a finding that runs past its line:
//                                  up to the end of its first line; an empty finding: one caret)
//   # <- error missing-field       a finding starting at column 0 of that line, length not checked
//                                  (the `#` must be at column 0)
//   # ^^^ warning weights-not-100: Weights total 110
//                                  ... whose message contains the text after `: ` (` ... ` in it
//                                  stands for any text: `Weights total 110 ... v2 36.4%`)
//   # fix(suggestion): Normalize weights to 100 (64/36)
//                                  directly after a marker (one line per fix): that finding offers a
//                                  fix of exactly this kind (safe|suggestion) and title
//   # fix: none                    directly after a marker: that finding offers no fix
//   # settings: {"completeWorkspace": true}
//                                  on the first line of a file: settings of the workspace (JSON,
//                                  passed to createWorkspace)
// Columns count characters (UTF-16 code units): a tab or a non-breaking space is one column.
// A finding at column 1 is marked `#^^^`.
//
// Checks, per case
//   - The findings of the folder's rule, and of every other rule a marker of the case names, equal
//     the markers: each marker matches one finding and each such finding one marker. Findings of
//     other rules are ignored.
//   - With .fixed.yaml files: the fixes of the folder's rule are applied as `--fix-suggestions` does
//     (a safe fix, else the preferred suggestion; repeatedly, overlapping edits left for the next
//     pass), to this rule's findings only. Each file must then equal its .fixed.yaml, both without
//     their marker lines (a .fixed.yaml need not repeat the markers), parse without yaml-syntax
//     findings, and a file without a .fixed.yaml must be left unchanged.
//   - Every rule of the registry has a folder with a case that expects one of its findings and a
//     case that expects none, and nothing but cases and their .fixed.yaml; every folder names a rule.
// A mismatch is reported as file:line:col (1-based) expected vs reported, with the marker line a
// reported finding would need.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { root, svc } from '../helpers.mjs';
import { casesOf, parseMarkers, runCase } from './_cases.mjs';

const dir = join(root, 'test/rules');
const folders = readdirSync(dir, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
const ids = svc.RULES.map((r) => r.id);

// Rules no fixture can make report: internal-error needs a rule that throws (internal-error.test.mjs),
// file-unreadable a file whose bytes are not text (file-unreadable.test.mjs).
const NO_FAILING_CASE = new Set(['internal-error', 'file-unreadable']);

test('every rule has a fixture folder, and every folder names a rule', () => {
  assert.deepEqual(
    ids.filter((id) => !folders.includes(id)),
    [],
    'rules without a folder in test/rules/',
  );
  assert.deepEqual(
    folders.filter((f) => !ids.includes(f)),
    [],
    'folders in test/rules/ that name no rule',
  );
});

for (const rule of folders) {
  const cases = casesOf(join(dir, rule));
  test(`${rule}: has a case with a finding and a case without, and no stray files`, () => {
    const stray = readdirSync(join(dir, rule), { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .filter((f) => !(f.endsWith('.yaml') && !f.endsWith('.fixed.yaml')) && !(f.endsWith('.fixed.yaml') && cases.some((c) => `${c.name}.fixed.yaml` === f)));
    assert.deepEqual(stray, [], `files in test/rules/${rule}/ that are neither a case (.yaml) nor the .fixed.yaml of one`);
    const reports = cases.map((c) => Object.entries(c.files).some(([rel, text]) => parseMarkers(rel, text).some((m) => m.rule === rule)));
    if (!NO_FAILING_CASE.has(rule)) assert.ok(reports.includes(true), `no case in test/rules/${rule}/ expects a ${rule} finding`);
    assert.ok(reports.includes(false), `no case in test/rules/${rule}/ expects no ${rule} finding`);
  });
  for (const c of cases) {
    test(`${rule}/${c.name}`, () => {
      const problems = runCase(rule, c);
      if (problems.length) assert.fail(`test/rules/${rule}/${c.name}: the case does not hold\n  ${problems.join('\n  ')}`);
    });
  }
}

// The runner itself: a case whose markers are wrong must fail, saying what differs.
const vs = (weights, marker = '') =>
  `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\nspec:\n  hosts: [r]\n  http:\n  - route:\n${marker}    - destination: {host: r, subset: v1}\n      weight: ${weights[0]}\n    - destination: {host: r, subset: v2}\n      weight: ${weights[1]}\n`;

test('runner: a marker without its finding, and a finding without its marker, are both reported', () => {
  const problems = runCase('weights-not-100', { name: 'x', files: { 'x.yaml': vs([70, 40], '  # ^^^^ warning weights-not-100\n') }, fixed: {} });
  assert.equal(problems.length, 2, problems.join('\n'));
  assert.match(problems[0], /^expected, not reported: {2}x\.yaml:8:5 warning weights-not-100 \(4 long\)/);
  assert.match(problems[1], /^reported, no marker: {5}x\.yaml:8:5 warning weights-not-100 \(5 long\): Weights total 110/);
  assert.match(problems[1], /as a marker below line 8: {3}# \^\^\^\^\^ warning weights-not-100$/);
});

test('runner: message, severity, fix and fixed-text expectations are checked', () => {
  const ok = '  # ^^^^^ warning weights-not-100: Weights total 110 ... v2 36.4%\n  # fix(suggestion): Normalize weights to 100 (64/36)\n';
  assert.deepEqual(runCase('weights-not-100', { name: 'x', files: { 'x.yaml': vs([70, 40], ok) }, fixed: { 'x.yaml': vs([64, 36]) } }), []);
  const wrongMessage = runCase('weights-not-100', {
    name: 'x',
    files: { 'x.yaml': vs([70, 40], '  # ^^^^^ warning weights-not-100: Weights total 120\n') },
    fixed: {},
  });
  assert.match(wrongMessage[0], /with a message containing "Weights total 120"/);
  assert.equal(runCase('weights-not-100', { name: 'x', files: { 'x.yaml': vs([70, 40], '  # ^^^^^ error weights-not-100\n') }, fixed: {} }).length, 2);
  const wrongFix = runCase('weights-not-100', {
    name: 'x',
    files: { 'x.yaml': vs([70, 40], '  # ^^^^^ warning weights-not-100\n  # fix(safe): Normalize weights to 100 (64/36)\n') },
    fixed: {},
  });
  assert.equal(wrongFix.length, 1);
  assert.match(
    wrongFix[0],
    /fix not offered: .*fix\(safe\): Normalize weights to 100 \(64\/36\)\n\s+offered: fix\(suggestion\): Normalize weights to 100 \(64\/36\)/,
  );
  const noFix = runCase('weights-not-100', { name: 'x', files: { 'x.yaml': vs([70, 40], '  # ^^^^^ warning weights-not-100\n  # fix: none\n') }, fixed: {} });
  assert.match(noFix[0], /^fix expected none, offered/);
  const wrongFixed = runCase('weights-not-100', { name: 'x', files: { 'x.yaml': vs([70, 40], ok) }, fixed: { 'x.yaml': vs([60, 40]) } });
  assert.match(wrongFixed[0], /differs from x\.fixed\.yaml[\s\S]*- " {6}weight: 60"\n.*\+ " {6}weight: 64"/);
});

test('runner: findings of other rules are ignored unless a marker names their rule; malformed markers fail', () => {
  const text = vs([70, 40], '  # ^^^^^ warning weights-not-100\n').replace('subset: v1', 'subset: v1, bogus: 1');
  assert.deepEqual(runCase('weights-not-100', { name: 'x', files: { 'x.yaml': text }, fixed: {} }), []);
  assert.match(runCase('unknown-field', { name: 'x', files: { 'x.yaml': text }, fixed: {} })[0], /^reported, no marker: .* error unknown-field/);
  assert.match(
    runCase('weights-not-100', { name: 'x', files: { 'x.yaml': vs([70, 40], '  # ^^^^^ warnin weights-not-100\n') }, fixed: {} })[0],
    /x\.yaml:9: malformed marker/,
  );
  assert.match(
    runCase('weights-not-100', { name: 'x', files: { 'x.yaml': vs([70, 40], '  # <- warning weights-not-100\n') }, fixed: {} })[0],
    /`<-` marker starts at column 0/,
  );
  assert.match(
    runCase('weights-not-100', { name: 'x', files: { 'x.yaml': vs([70, 40], '  # ^^^^^ warning weights-not-10\n') }, fixed: {} })[0],
    /marker names no rule: weights-not-10/,
  );
  assert.match(
    runCase('weights-not-100', { name: 'x', files: { 'x.yaml': vs([70, 40], '# settings: {"istioVersion": "1.19"}\n') }, fixed: {} })[0],
    /`# settings:` belongs on the first line/,
  );
  assert.match(
    runCase('weights-not-100', { name: 'x', files: { 'x.yaml': `# settings: {istioVersion: 1.19}\n${vs([70, 40])}` }, fixed: {} })[0],
    /# settings: is not JSON/,
  );
});
