// The web playground end to end: the built page (dist/web) in Debian's Chromium, driven with playwright-core.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, ensureSite, launchChromium, serveSite, shareHash } from './site.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = (name) => readFileSync(join(here, 'fixtures', name), 'utf8');
const missing = !existsSync(CHROMIUM);
if (missing) {
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: the playground test cannot run in CI without it (apt-get install chromium).`);
  console.log(`# SKIP web playground: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
}

let browser;
let site;
before(async () => {
  if (missing) return;
  await ensureSite();
  site = await serveSite();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  site?.server.close();
});

/** A page that may download, with every request off the page's own origin refused, and its uncaught errors. */
async function offlinePage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  await context.route(
    (url) => !url.href.startsWith(`${site.origin}/`),
    (route) => route.abort(),
  );
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

const markers = (page, path) =>
  page.evaluate((p) => window.playground.markers(p).map((m) => ({ code: m.code, line: m.startLineNumber, col: m.startColumn })), path);
const shares = (page) => page.evaluate(() => document.querySelector('#traffic svg[data-route="0"]')?.getAttribute('data-shares') ?? null);

/** Open the code action menu at a position and choose the action titled `title`. */
async function runCodeAction(page, position, title) {
  await page.evaluate((pos) => {
    window.playground.editor.setPosition(pos);
    window.playground.editor.focus();
  }, position);
  await page.waitForFunction(() => window.playground.editor.hasTextFocus());
  const rows = page.locator('.action-widget .monaco-list-row.action');
  // On a loaded machine a key press can land while monaco is still closing the previous menu:
  // ask again (Escape, Ctrl+.) when no menu came up.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+.');
    try {
      await rows.first().waitFor({ timeout: 8000 });
      break;
    } catch (e) {
      if (attempt === 3) throw e;
      await page.keyboard.press('Escape');
    }
  }
  // The menu is driven by keyboard (monaco blocks pointer events while it opens): down to the entry, Enter.
  const titles = await rows.evaluateAll((els) => els.map((e) => e.textContent ?? ''));
  const index = titles.findIndex((t) => t.includes(title));
  assert.ok(index !== -1, `code action "${title}" offered; got ${JSON.stringify(titles)}`);
  for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
  await page.waitForFunction((t) => document.querySelector('.action-widget .monaco-list-row.action.focused')?.textContent?.includes(t), title);
  await page.keyboard.press('Enter');
}

test('playground: share link → markers → quick fix → canary step → cross-file update, all on one origin', {
  skip: missing ? `no Chromium at ${CHROMIUM}` : false,
  timeout: 120000,
}, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  // Anything not for the page's own origin is recorded by the listener above and refused here.
  await context.route(
    (url) => !url.href.startsWith(`${site.origin}/`),
    (route) => route.abort(),
  );
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => requests.push(r.url()));

  const files = [
    { path: 'vs.yaml', text: fixture('vs.yaml') },
    { path: 'dr.yaml', text: fixture('dr.yaml') },
    { path: 'svc.yaml', text: fixture('svc.yaml') },
  ];
  await page.goto(`${site.origin}/${shareHash(files, 'vs.yaml')}`);

  // The share link restores the workspace and the core reports the misnested destination.
  await page.waitForFunction(() => window.playground?.markers('vs.yaml').some((m) => m.code === 'misnested-destination'), null, { timeout: 30000 });
  assert.deepEqual(await page.evaluate(() => window.playground.files()), ['vs.yaml', 'dr.yaml', 'svc.yaml']);
  assert.deepEqual(await markers(page, 'vs.yaml'), [{ code: 'misnested-destination', line: 11, col: 7 }]);
  assert.equal(await page.locator('#problem-list .problem').count(), 1);

  // Hover: where the subset resolves (the core, from the worker) and the field's schema docs (monaco-yaml).
  await page.evaluate(() => {
    const ed = window.playground.editor;
    ed.setPosition({ lineNumber: 16, column: 18 });
    ed.focus();
    ed.trigger('test', 'editor.action.showHover', {});
  });
  await page.waitForFunction(() => {
    const t = [...document.querySelectorAll('.monaco-hover-content')].map((e) => e.textContent).join(' ');
    return t.includes('Subset v2 of DestinationRule reviews (dr.yaml:11)') && t.includes('The name of a subset within the service');
  });
  await page.keyboard.press('Escape');
  // Completion of subset names from the DestinationRule in another file.
  await page.keyboard.press('Control+Space');
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('.suggest-widget .monaco-list-row')].map((e) => e.getAttribute('aria-label') ?? '');
    return rows.some((r) => r.startsWith('v1')) && rows.some((r) => r.startsWith('v2'));
  });
  await page.keyboard.press('Escape');
  // Go to definition opens the DestinationRule's file at the subset.
  await page.keyboard.press('F12');
  await page.waitForFunction(() => window.playground.editor.getModel()?.uri.path === '/dr.yaml' && window.playground.editor.getPosition().lineNumber === 11);
  await page.locator('#file-list button[data-path="vs.yaml"]').click();

  // The quick fix, from monaco's code action menu, indents the keys; the markers go.
  await runCodeAction(page, { lineNumber: 11, column: 8 }, 'Indent host, subset under destination');
  await page.waitForFunction(() => window.playground.markers('vs.yaml').length === 0, null, { timeout: 15000 });
  const fixed = await page.evaluate(() => window.playground.state().files[0].text);
  assert.match(fixed, /- destination:\n {8}host: reviews\n {8}subset: v1\n {6}weight: 100/);
  assert.equal(await page.locator('#problem-list .problem').count(), 0);

  // The traffic view of the route under the cursor: 100/0, then a canary step makes it 90/10.
  await page.evaluate(() => window.playground.editor.setPosition({ lineNumber: 12, column: 1 }));
  await page.waitForFunction(() => document.querySelector('#traffic svg[data-route="0"]')?.getAttribute('data-shares') === '100%,0%', null, { timeout: 15000 });
  await runCodeAction(page, { lineNumber: 12, column: 9 }, 'Set canary v2 to 10%');
  await page.waitForFunction(() => document.querySelector('#traffic svg[data-route="0"]')?.getAttribute('data-shares') === '90%,10%', null, { timeout: 15000 });
  assert.equal(await shares(page), '90%,10%');
  assert.match(await page.evaluate(() => window.playground.state().files[0].text), /weight: 90\n[\s\S]*weight: 10/);
  // The same numbers as the code lens above the route (and meshlint's traffic split).
  assert.equal(
    await page
      .locator('#traffic svg[data-route="0"] .pct')
      .allTextContents()
      .then((t) => t.join(',')),
    '90%,10%',
  );
  await page.waitForFunction(() => [...document.querySelectorAll('.codelens-decoration')].some((e) => e.textContent.includes('v1 90% · v2 10%')));

  // Typing in the DestinationRule (another file) updates the VirtualService's markers.
  await page.locator('#file-list button[data-path="dr.yaml"]').click();
  const line = await page.evaluate(
    () =>
      window.playground.editor
        .getModel()
        .getLinesContent()
        .findIndex((l) => l.trim() === '- name: v2') + 1,
  );
  assert.ok(line > 0);
  await page.evaluate((l) => {
    const ed = window.playground.editor;
    ed.setPosition({ lineNumber: l, column: ed.getModel().getLineMaxColumn(l) });
    ed.focus();
  }, line);
  await page.keyboard.press('Backspace');
  await page.keyboard.type('3');
  await page.waitForFunction(() => window.playground.markers('vs.yaml').some((m) => m.code === 'unknown-subset'), null, { timeout: 15000 });
  assert.deepEqual(
    (await markers(page, 'vs.yaml')).map((m) => m.code),
    ['unknown-subset'],
  );
  await page.keyboard.press('Backspace');
  await page.keyboard.type('2');
  await page.waitForFunction(() => window.playground.markers('vs.yaml').length === 0, null, { timeout: 15000 });

  // Every request went to the page's own origin (no CDN, fonts or telemetry), and nothing threw.
  const foreign = requests.filter((u) => !u.startsWith(`${site.origin}/`) && !u.startsWith('blob:') && !u.startsWith('data:'));
  assert.deepEqual(foreign, []);
  assert.ok(
    requests.some((u) => u.endsWith('/mesh.worker.js')),
    'the analysis worker was loaded',
  );
  assert.deepEqual(errors, []);
  await context.close();
});

test('playground: examples, Fix all, problems list, file list and downloads', {
  skip: missing ? `no Chromium at ${CHROMIUM}` : false,
  timeout: 120000,
}, async () => {
  const { context, page, errors } = await offlinePage();
  await page.goto(`${site.origin}/`);
  await page.waitForFunction(() => window.playground?.appliedSeq > 0 && window.playground.appliedSeq === window.playground.seq);

  // An example from the seed scenarios, loaded with the toolbar.
  await page.selectOption('#examples', 'misnested');
  await page.click('#load-example');
  await page.waitForFunction(
    () => window.playground.files().length === 4 && window.playground.markers('reviews-50-50.yaml').some((m) => m.code === 'misnested-destination'),
  );

  // The problems list jumps to a finding.
  const row = page.locator('#problem-list .problem', { hasText: 'reviews-50-50.yaml:15' }).first();
  await row.click();
  assert.deepEqual(await page.evaluate(() => [window.playground.editor.getModel().uri.path, window.playground.editor.getPosition().lineNumber]), [
    '/reviews-50-50.yaml',
    15,
  ]);

  // Fix all applies the preferred fix of every finding (as meshlint --fix).
  await page.click('#fix-all');
  await page.waitForFunction(() => window.playground.files().every((p) => !window.playground.markers(p).some((m) => m.code === 'misnested-destination')));
  assert.match(await page.textContent('#flash'), /^Applied \d+ fix/);

  // Add, rename and delete a file (names are asked with the browser's prompt).
  page.once('dialog', (d) => d.accept('extra.yaml'));
  await page.click('#add-file');
  await page.waitForFunction(() => window.playground.files().includes('extra.yaml'));
  await page.keyboard.insertText('apiVersion: v1\nkind: Service\nmetadata:\n  name: reviews'); // as a paste
  page.once('dialog', (d) => d.accept('svc/reviews.yaml'));
  await page.click('button[aria-label="Rename extra.yaml"]');
  await page.waitForFunction(() => window.playground.files().includes('svc/reviews.yaml') && !window.playground.files().includes('extra.yaml'));
  assert.equal(
    await page.evaluate(() => window.playground.state().files.find((f) => f.path === 'svc/reviews.yaml').text),
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: reviews',
  );

  // Downloads: a zip of the files, and one multi-document YAML.
  const [zipDownload] = await Promise.all([page.waitForEvent('download'), page.click('#download-zip')]);
  const zip = readFileSync(await zipDownload.path());
  assert.equal(zip.readUInt32LE(0), 0x04034b50);
  assert.equal(zip.readUInt16LE(zip.length - 22 + 10), 5);
  assert.ok(zip.includes(Buffer.from('svc/reviews.yaml')));
  const [yamlDownload] = await Promise.all([page.waitForEvent('download'), page.click('#download-yaml')]);
  const yaml = readFileSync(await yamlDownload.path(), 'utf8');
  assert.equal((yaml.match(/^# file: /gm) ?? []).length, 5);

  // Share: the link the page makes opens the same workspace in a fresh page.
  await page.click('#share');
  const link = await page.inputValue('#share-url');
  assert.match(link, /#state=[A-Za-z0-9_-]+$/);
  const state = await page.evaluate(() => window.playground.state());
  const other = await context.newPage();
  await other.goto(link);
  await other.waitForFunction((n) => window.playground?.files().length === n, state.files.length);
  assert.deepEqual(await other.evaluate(() => window.playground.state()), state);
  await other.close();

  page.once('dialog', (d) => d.accept());
  await page.click('button[aria-label="Delete svc/reviews.yaml"]');
  await page.waitForFunction(() => !window.playground.files().includes('svc/reviews.yaml'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('playground: a share link with unusable paths starts, renamed with a note; the downloads hold no path of the link', {
  skip: missing ? `no Chromium at ${CHROMIUM}` : false,
  timeout: 120000,
}, async () => {
  const { context, page, errors } = await offlinePage();
  const vs = fixture('vs.yaml');
  const files = [
    { path: 'a.yaml', text: vs },
    { path: '/a.yaml', text: vs },
    { path: 'x.yaml\nkind: ClusterRoleBinding', text: vs },
    { path: '../../../.bashrc', text: 'echo owned\n' },
  ];
  const response = await page.goto(`${site.origin}/${shareHash(files, '/a.yaml')}`);
  assert.equal(response.headers()['x-frame-options'], 'DENY');
  assert.equal(response.headers()['content-security-policy'], "frame-ancestors 'none'");
  await page.waitForFunction(() => window.playground?.files().length === 4, null, { timeout: 30000 });
  assert.deepEqual(await page.evaluate(() => window.playground.files()), ['a.yaml', 'a-2.yaml', 'x.yaml_kind: ClusterRoleBinding', '.bashrc']);
  assert.equal(await page.evaluate(() => window.playground.editor.getModel()?.uri.path), '/a-2.yaml');
  assert.match(await page.textContent('#flash'), /^Renamed 3 files: "\/a\.yaml" opened as a-2\.yaml: .*"\.\.\/\.\.\/\.\.\/\.bashrc" opened as \.bashrc/);
  const [yamlDownload] = await Promise.all([page.waitForEvent('download'), page.click('#download-yaml')]);
  const yaml = readFileSync(await yamlDownload.path(), 'utf8');
  assert.doesNotMatch(yaml, /^kind: ClusterRoleBinding/m);
  assert.equal((yaml.match(/^# file: /gm) ?? []).length, 4);
  assert.deepEqual(errors, []);
  await context.close();
});
