#!/usr/bin/env node
// `node scripts/fuzz-extremes.mjs`: the hand-made worst cases for the core's bounds (alias bombs,
// deep nesting, long lines, thousands of documents), each analyzed in a fresh workspace: the
// time, the time as a share of the file's rule budget, and the bound findings it got.
import { loadCore } from './fuzz/core.mjs';

const core = await loadCore();
const VS = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: x\nspec:\n  hosts: [a]\n';
const laughs = (levels) => {
  const l = ['  l0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < levels; i++)
    l.push(
      `  l${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: x\n  labels:\n${l.join('\n')}\nspec:\n  hosts: *a${levels - 1}\n  http: *a${levels - 1}\n`;
};
const cases = [
  ['billion laughs (9^12 nodes)', laughs(12)],
  ['flow nesting, 100,000 levels', `${VS}  http: ${'['.repeat(100000)}${']'.repeat(100000)}\n`],
  ['unclosed flow nesting, 100,000 levels', `${VS}  http: ${'['.repeat(100000)}\n`],
  ['map nesting, 20,000 levels', `${VS}  http: ${'{a: '.repeat(20000)}1${'}'.repeat(20000)}\n`],
  ['block nesting, 1,000 levels', `${VS + Array.from({ length: 1000 }, (_, i) => `${' '.repeat(2 + 2 * i)}k:`).join('\n')} 1\n`],
  ['one 4 MB plain line', `${VS}  x: ${'y'.repeat(4_000_000)}\n`],
  ['one 4 MB quoted line', `${VS}  x: "${'y'.repeat(4_000_000)}"\n`],
  ['one 20 MB line (over maxFileSize)', `${VS}  x: ${'y'.repeat(20_000_000)}\n`],
  ['5,000 copies of one VirtualService', Array.from({ length: 5000 }, () => `---\n${VS}`).join('')],
  ['5,000 VirtualServices on one host', Array.from({ length: 5000 }, (_, i) => `---\n${VS.replace('name: x', `name: x${i}`)}`).join('')],
  ['50,000 aliases of one anchor', `${VS}  a: &a x\n${Array.from({ length: 50000 }, (_, i) => `  k${i}: *a`).join('\n')}\n`],
  ['invalid UTF-8 decoded (U+FFFD) and lone surrogates', `${VS}  x: \ufffd\ufffd\ud800\udc00\ud800 \u0000\u0001\u001b\n`],
];
// Warm up (schema validators compile on first use) so the first case is not charged for it.
{
  const ws = core.createWorkspace();
  ws.setFile('file:///warm.yaml', `${VS}  http:\n  - route:\n    - destination: {host: a}\n`);
  ws.findings('file:///warm.yaml');
}
console.log('| input | size | time | share of budget | bound findings |');
console.log('|---|---|---|---|---|');
for (const [name, text] of cases) {
  const ws = core.createWorkspace();
  const t = performance.now();
  let note;
  try {
    ws.setFile('file:///x.yaml', text);
    const f = ws.findings('file:///x.yaml');
    const lim = f
      .filter((x) => ['analysis-limit', 'file-too-large', 'internal-error'].includes(x.rule))
      .map((x) => `${x.rule}${x.data?.limit ? ` (${x.data.limit})` : ''}`);
    note = [...new Set(lim)].join(', ') || `none (${f.length} findings)`;
  } catch (e) {
    note = `EXCEPTION ${e}`;
  }
  const ms = performance.now() - t;
  const budget = ws.ruleBudgetMs + text.length / 512;
  console.log(`| ${name} | ${(text.length / 1048576).toFixed(2)} MB | ${ms.toFixed(0)} ms | ${((100 * ms) / budget).toFixed(0)}% | ${note} |`);
}
