// Every rule has a docs page with the same sections, whose examples do what the page says,
// and the README rule table is current.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyse, examples, formatFinding, pagePath, pageProblems, parsePage, root, section, shownFindings } from '../scripts/rule-docs.mjs';

const svc = createRequire(import.meta.url)(join(root, 'dist/service.js'));

/**
 * Rules whose finding no YAML example can produce, with the reason. Their page still has a
 * "Failing example" section, which says why it holds no example.
 */
const NO_FAILING_EXAMPLE = {
  'internal-error': 'reports a rule that throws on a resource, which is a bug of the rule: a YAML file that triggers it is fixed, not documented',
  'file-unreadable': 'reports bytes that are not YAML text (or a file that cannot be read), which a YAML example cannot show',
};

/** Pages not yet written to the common layout (skipped, with this list as the reason). */
const PENDING = [];

test('every rule has an id, a severity, a title and a docs page that names it', () => {
  const ids = new Set();
  for (const r of svc.RULES) {
    assert.match(r.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(!ids.has(r.id), `duplicate rule id ${r.id}`);
    ids.add(r.id);
    assert.ok(['error', 'warning', 'info', 'hint'].includes(r.severity));
    assert.ok(r.title.length > 10);
    const page = pagePath(r.id);
    assert.ok(existsSync(page), `missing docs/rules/${r.id}.md`);
    assert.match(readFileSync(page, 'utf8'), new RegExp(`^# ${r.id}\\b`));
    for (const code of r.upstream ?? []) assert.match(readFileSync(page, 'utf8'), new RegExp(code), `${r.id}: docs must name ${code}`);
  }
  for (const id of [...Object.keys(NO_FAILING_EXAMPLE), ...PENDING]) assert.ok(ids.has(id), `${id} is listed in docs.test.mjs but is no rule`);
});

for (const rule of svc.RULES) {
  const pending = PENDING.includes(rule.id);
  test(`docs/rules/${rule.id}.md: sections, header, fixes, upstream codes and examples`, { skip: pending && `pending pages: ${PENDING.join(', ')}` }, () => {
    const text = readFileSync(pagePath(rule.id), 'utf8');
    assert.deepEqual(pageProblems(rule, text), []);
    const page = parsePage(text);

    const failing = examples(section(page, 'Failing example'));
    if (NO_FAILING_EXAMPLE[rule.id]) {
      assert.equal(failing.files.length, 0, `${rule.id} is exempt from a failing example and should not show one`);
      assert.match(section(page, 'Failing example'), /\S/, `${rule.id}: the "Failing example" section should say why there is none`);
    } else {
      assert.ok(failing.files.length > 0, `${rule.id}: no yaml block under "Failing example"`);
      const found = analyse(svc, failing);
      const own = found.filter((f) => f.rule === rule.id);
      assert.ok(own.length > 0, `${rule.id}: the failing example yields no ${rule.id} finding; it yields ${JSON.stringify(found)}`);
      const shown = shownFindings(section(page, 'Failing example'));
      assert.ok(shown.length > 0, `${rule.id}: the failing example shows no finding (a \`\`\`text block of file:line:column severity rule: message lines)`);
      const produced = found.map(formatFinding);
      for (const line of shown) {
        assert.ok(
          produced.includes(line),
          `${rule.id}: the failing example shows a finding it does not produce:\n  ${line}\nproduced:\n  ${produced.join('\n  ')}`,
        );
      }
    }

    const passing = examples(section(page, 'Passing example'));
    assert.ok(passing.files.length > 0, `${rule.id}: no yaml block under "Passing example"`);
    const found = analyse(svc, passing);
    assert.deepEqual(
      found.filter((f) => f.rule === rule.id),
      [],
      `${rule.id}: the passing example yields ${rule.id} findings`,
    );
    assert.deepEqual(
      found.filter((f) => f.severity === 'error' || f.severity === 'warning'),
      [],
      `${rule.id}: the passing example yields errors or warnings`,
    );
  });
}

test('the README rule table is current (npm run docs)', () => {
  const r = spawnSync(process.execPath, [join(root, 'scripts/gen-docs.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});
