// The web playground end to end: the built page (dist/web) in Debian's Chromium, driven with playwright-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
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

const markers = (page, path) => page.evaluate((p) => window.playground.markers(p).map((m) => ({ code: m.code, line: m.startLineNumber, col: m.startColumn })), path);
const shares = (page) => page.evaluate(() => document.querySelector('#traffic svg[data-route="0"]')?.getAttribute('data-shares') ?? null);

/** Open the code action menu at a position and choose the action titled `title`. */
async function runCodeAction(page, position, title) {
  await page.evaluate((pos) => {
    window.playground.editor.setPosition(pos);
    window.playground.editor.focus();
  }, position);
  await page.keyboard.press('Control+.');
  const rows = page.locator('.action-widget .monaco-list-row.action');
  await rows.first().waitFor({ timeout: 15000 });
  // The menu is driven by keyboard (monaco blocks pointer events while it opens): down to the entry, Enter.
  const titles = await rows.evaluateAll((els) => els.map((e) => e.textContent ?? ''));
  const index = titles.findIndex((t) => t.includes(title));
  assert.ok(index !== -1, `code action "${title}" offered; got ${JSON.stringify(titles)}`);
  for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
  await page.waitForFunction((t) => document.querySelector('.action-widget .monaco-list-row.action.focused')?.textContent?.includes(t), title);
  await page.keyboard.press('Enter');
}

test('playground: share link → markers → quick fix → canary step → cross-file update, all on one origin', { skip: missing ? `no Chromium at ${CHROMIUM}` : false, timeout: 120000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  // Anything not for the page's own origin is recorded by the listener above and refused here.
  await context.route((url) => !url.href.startsWith(site.origin + '/'), (route) => route.abort());
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
  // The same numbers as the code lens above the route.
  assert.equal(await page.locator('#traffic svg[data-route="0"] .pct').allTextContents().then((t) => t.join(',')), '90%,10%');

  // Typing in the DestinationRule (another file) updates the VirtualService's markers.
  await page.locator('#file-list button[data-path="dr.yaml"]').click();
  const line = await page.evaluate(() => window.playground.editor.getModel().getLinesContent().findIndex((l) => l.trim() === '- name: v2') + 1);
  assert.ok(line > 0);
  await page.evaluate((l) => {
    const ed = window.playground.editor;
    ed.setPosition({ lineNumber: l, column: ed.getModel().getLineMaxColumn(l) });
    ed.focus();
  }, line);
  await page.keyboard.press('Backspace');
  await page.keyboard.type('3');
  await page.waitForFunction(() => window.playground.markers('vs.yaml').some((m) => m.code === 'unknown-subset'), null, { timeout: 15000 });
  assert.deepEqual((await markers(page, 'vs.yaml')).map((m) => m.code), ['unknown-subset']);
  await page.keyboard.press('Backspace');
  await page.keyboard.type('2');
  await page.waitForFunction(() => window.playground.markers('vs.yaml').length === 0, null, { timeout: 15000 });

  // Every request went to the page's own origin (no CDN, fonts or telemetry), and nothing threw.
  const foreign = requests.filter((u) => !u.startsWith(site.origin + '/') && !u.startsWith('blob:') && !u.startsWith('data:'));
  assert.deepEqual(foreign, []);
  assert.ok(requests.some((u) => u.endsWith('/mesh.worker.js')), 'the analysis worker was loaded');
  assert.deepEqual(errors, []);
  await context.close();
});
