// docs/playground.png: the playground in Chromium at 1280x800 with an example loaded
// (`node scripts/web-screenshot.mjs [example-id] [out.png] [--narrow] [--dark]`; SHOT_FILE, SHOT_LINE,
// SHOT_COLUMN put the cursor somewhere, SHOT_HOVER=1 opens the hover there).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSite, launchChromium, serveSite } from '../test/web/site.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const example = args[0] ?? 'misnested';
const out = args[1] ?? join(root, 'docs/playground.png');
const narrow = process.argv.includes('--narrow');
await ensureSite();
const { server, origin } = await serveSite();
const browser = await launchChromium();
const page = await browser.newPage({
  viewport: narrow ? { width: 420, height: 900 } : { width: 1280, height: 800 },
  colorScheme: process.argv.includes('--dark') ? 'dark' : 'light',
});
await page.goto(`${origin}/`);
await page.waitForFunction(() => window.playground && window.playground.appliedSeq > 0);
await page.selectOption('#examples', example);
await page.click('#load-example');
await page.waitForFunction(() => window.playground.appliedSeq === window.playground.seq);
const file = process.env.SHOT_FILE;
if (file) await page.click(`#file-list button[data-path="${file}"]`);
const line = Number(process.env.SHOT_LINE ?? 0);
const column = Number(process.env.SHOT_COLUMN ?? 1);
if (line)
  await page.evaluate(
    ([l, c]) => {
      window.playground.editor.setPosition({ lineNumber: l, column: c });
      window.playground.editor.revealLineInCenter(l);
    },
    [line, column],
  );
if (process.env.SHOT_HOVER) {
  await page.evaluate(() => {
    window.playground.editor.focus();
    window.playground.editor.trigger('screenshot', 'editor.action.showHover', {});
  });
  await page.waitForSelector('.monaco-hover-content');
}
await page.waitForFunction(() => document.querySelector('#traffic svg, #traffic .empty'));
await page.evaluate(() => document.fonts.ready);
await page.screenshot({ path: out, fullPage: narrow });
await browser.close();
server.close();
console.log(`wrote ${out}`);
