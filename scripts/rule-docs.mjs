// Reads the rule pages docs/rules/<id>.md: their sections, header fields, examples and fix lists.
// Used by test/docs.test.mjs and by `node scripts/gen-docs.mjs --check`.
//
// `node scripts/rule-docs.mjs [rule-id ...]` analyses the failing and passing examples of the
// given pages (all when none is given) and prints the findings of each, for writing a page.
// `npm run docs` (scripts/gen-docs.mjs) writes a skeleton page for a rule that has none.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The `##` sections every rule page has, in this order. */
export const SECTIONS = ['What it checks', 'Why it matters', 'Failing example', 'Passing example', 'How to fix', 'Upstream codes', 'Options'];

export function pagePath(id) {
  return join(root, 'docs/rules', `${id}.md`);
}

/**
 * A page split into its parts: `title` (the `#` heading), `summary` (the first paragraph),
 * `fields` (the bold `**Name:** value` pairs of the line after it), `sections` ({name, body}
 * for each `##` heading, in order).
 */
export function parsePage(text) {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const out = { title: '', summary: '', fields: {}, sections: [] };
  let i = 0;
  while (i < lines.length && !lines[i].startsWith('# ')) i++;
  out.title = (lines[i] ?? '').slice(2).trim();
  i++;
  const intro = [];
  let inFence = false;
  for (; i < lines.length; i++) {
    if (lines[i].startsWith('```')) inFence = !inFence;
    if (!inFence && lines[i].startsWith('## ')) break;
    intro.push(lines[i]);
  }
  const paragraphs = intro
    .join('\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  out.summary = (paragraphs[0] ?? '').replace(/\s*\n\s*/g, ' ');
  for (const m of (paragraphs[1] ?? '').matchAll(/\*\*([^*]+):\*\*\s*([^·]*)/g)) out.fields[m[1].trim().toLowerCase()] = m[2].trim();
  let current;
  inFence = false;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('```')) inFence = !inFence;
    if (!inFence && line.startsWith('## ')) {
      current = { name: line.slice(3).trim(), body: '' };
      out.sections.push(current);
    } else if (current) current.body += `${line}\n`;
  }
  return out;
}

export function section(page, name) {
  return page.sections.find((s) => s.name === name)?.body ?? '';
}

/**
 * The YAML files of an example section: each ```yaml block is a file; a leading comment
 * `# file: <path>` names it (default example.yaml, example-2.yaml, ...) and `# settings: {json}`
 * gives the workspace settings (the first one found counts for the whole example).
 */
export function examples(body) {
  const files = [];
  let settings;
  const re = /^```yaml[^\n]*\n([\s\S]*?)^```[ \t]*$/gm;
  for (const m of body.matchAll(re)) {
    const text = m[1];
    let name;
    for (const line of text.split('\n')) {
      if (!line.startsWith('#')) break;
      const f = /^#\s*file:\s*(\S+)/.exec(line);
      if (f) name = f[1];
      const s = /^#\s*settings:\s*(\{.*\})\s*$/.exec(line);
      if (s && settings === undefined) settings = JSON.parse(s[1]);
    }
    files.push({ name: name ?? (files.length ? `example-${files.length + 1}.yaml` : 'example.yaml'), text });
  }
  return { files, settings };
}

/** The lines of the ```text blocks of a section: in "Failing example", the findings it shows. */
export function shownFindings(body) {
  const out = [];
  for (const m of body.matchAll(/^```text[^\n]*\n([\s\S]*?)^```[ \t]*$/gm)) out.push(...m[1].split('\n').filter((l) => l.trim()));
  return out;
}

/** A finding as a page shows it: `file:line:column severity rule: message` (1-based). */
export function formatFinding(f) {
  return `${f.file}:${f.line}:${f.column} ${f.severity} ${f.rule}: ${f.message}`;
}

/** The fixes a "How to fix" section lists: `- **safe**: <title> — <note>` / `- **suggestion**: <title> — <note>` lines. */
export function listedFixes(body) {
  return [...body.matchAll(/^- \*\*(safe|suggestion)\*\*: (.+)$/gm)].map((m) => ({ kind: m[1], title: m[2].split(' — ')[0].trim() }));
}

/** The istioctl (IST…) and Kiali (KIA…) codes named in a section. */
export function listedCodes(body) {
  return [...new Set([...body.matchAll(/\b(?:IST|KIA)\d{4}\b/g)].map((m) => m[0]))];
}

/** Relative links of a rule page (outside code) whose target file does not exist. */
export function brokenLinks(text) {
  const prose = text.replace(/^```[\s\S]*?^```[ \t]*$/gm, '');
  const out = [];
  for (const m of prose.matchAll(/\]\(([^)\s#]+)(#[^)\s]*)?\)/g)) {
    if (/^[a-z]+:/i.test(m[1])) continue;
    if (!existsSync(join(root, 'docs/rules', m[1]))) out.push(m[1]);
  }
  return out;
}

/** Analyses the files of an example: every finding of every file, with the file's name. */
export function analyse(svc, example) {
  const ws = svc.createWorkspace(example.settings);
  const uris = example.files.map((f) => `file:///ws/${f.name}`);
  example.files.forEach((f, i) => {
    ws.setFile(uris[i], f.text);
  });
  const out = [];
  uris.forEach((uri, i) => {
    for (const d of ws.diagnostics(uri))
      out.push({
        file: example.files[i].name,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        rule: d.rule,
        severity: d.severity,
        message: d.message,
      });
  });
  return out;
}

/** Structural problems of a rule's page (sections, header, fixes, codes); [] when it is fine. */
export function pageProblems(rule, text) {
  const problems = [];
  const page = parsePage(text);
  if (page.title !== rule.id) problems.push(`heading is "# ${page.title}", not "# ${rule.id}"`);
  if (page.summary !== rule.title) problems.push(`summary line is not the rule's title: ${JSON.stringify(rule.title)}`);
  const sev = page.fields['default severity'] ?? '';
  if (sev.split(/[\s(]/)[0] !== rule.severity) problems.push(`default severity "${sev}" is not ${rule.severity}`);
  if (rule.category && page.fields.category !== rule.category) problems.push(`category "${page.fields.category ?? ''}" is not ${rule.category}`);
  const kinds = [...new Set((rule.fixes ?? []).map((f) => f.kind))];
  const fixField = page.fields.fixes ?? '';
  const fieldKinds = fixField === 'none' ? [] : fixField.split(/,\s*/).filter(Boolean);
  if (fieldKinds.join(',') !== kinds.join(',')) problems.push(`fixes field "${fixField}" is not ${kinds.join(', ') || 'none'}`);
  const names = page.sections.map((s) => s.name);
  if (names.join('|') !== SECTIONS.join('|')) problems.push(`sections are [${names.join(', ')}], not [${SECTIONS.join(', ')}]`);
  const listed = listedFixes(section(page, 'How to fix'));
  const expected = (rule.fixes ?? []).map((f) => ({ kind: f.kind, title: f.title }));
  if (JSON.stringify(listed) !== JSON.stringify(expected))
    problems.push(`fixes listed in "How to fix" ${JSON.stringify(listed)} are not the rule's ${JSON.stringify(expected)}`);
  const codes = listedCodes(section(page, 'Upstream codes')).sort();
  const up = [...(rule.upstream ?? [])].sort();
  if (codes.join(',') !== up.join(',')) problems.push(`upstream codes [${codes.join(', ')}] are not [${up.join(', ')}]`);
  if (!up.length && !/^None\./m.test(section(page, 'Upstream codes'))) problems.push('"Upstream codes" of a rule without codes should say "None."');
  for (const link of brokenLinks(text)) problems.push(`broken link ${link}`);
  return problems;
}

/** The automatic fixes of a rule as its page lists them (under "How to fix"). */
export function fixesMarkdown(rule) {
  if (!rule.fixes?.length) return 'There is no automatic fix.';
  const how = {
    safe: "applied by `meshlint --fix` and by the editor's fix-all; also offered as a quick fix.",
    suggestion: 'offered as a quick fix in the editor; `meshlint --fix-suggestions` applies it when it is the preferred fix (plain `--fix` never does).',
  };
  return [
    'Automatic fixes:',
    '',
    ...rule.fixes.map((f) => `- **${f.kind}**: ${f.title} — ${how[f.kind]}`),
    '',
    'See [safe fixes and suggestions](../cli.md#safe-fixes-and-suggestions).',
  ].join('\n');
}

/** The "Upstream codes" section body of a rule. */
export function upstreamMarkdown(rule) {
  if (!rule.upstream?.length) return 'None.';
  return rule.upstream.map((c) => (c.startsWith('IST') ? `- ${c}: \`istioctl analyze\`` : `- ${c}: Kiali validation`)).join('\n');
}

/** The common part of the "Options" section: severity, turning off, suppression. */
export function optionsMarkdown(rule, rules) {
  const shared = (codes) => {
    const others = rules.filter((o) => o.id !== rule.id && o.upstream?.some((c) => codes.includes(c))).map((o) => `\`${o.id}\``);
    if (!others.length) return '';
    return ` (this also silences ${others.join(', ')}, which ${others.length === 1 ? 'shares' : 'share'} the code)`;
  };
  const ist = (rule.upstream ?? []).filter((c) => c.startsWith('IST'));
  const kia = (rule.upstream ?? []).filter((c) => c.startsWith('KIA'));
  const annotations = [];
  if (ist.length) annotations.push(`istioctl's \`galley.istio.io/analyze-suppress: "${ist.join(',')}"\`${shared(ist)}`);
  if (kia.length) annotations.push(`Kiali's \`kiali.io/ignore-validations: "${kia.join(',')}"\`${shared(kia)}`);
  return [
    "Set the rule's severity (`error`, `warning`, `info`, `hint`) or turn it off in the settings file `.meshlintrc.json` (or `.meshlintrc.yaml`):",
    '',
    '```json',
    `{ "rules": { "${rule.id}": "off" } }`,
    '```',
    '',
    `in the editor with the setting \`"meshLsp.rules": { "${rule.id}": "off" }\`, or for one run with \`meshlint --rule ${rule.id}=off\`.`,
    '',
    `Suppress one finding with a comment \`# meshlint-disable-next-line ${rule.id}\` on the line before it (or \`# meshlint-disable-line ${rule.id}\` at the end of its line), or every finding of a resource with the annotation \`meshlint.io/disable: "${rule.id}"\`${annotations.length ? `, or ${annotations.join(', or ')}` : ''}.`,
  ].join('\n');
}

/** A new page for a rule: the generated parts filled in, the rest to write (the docs test fails until it is). */
export function skeleton(rule, rules) {
  const kinds = [...new Set((rule.fixes ?? []).map((f) => f.kind))];
  return `# ${rule.id}

${rule.title}

**Default severity:** ${rule.severity}${rule.category ? ` · **Category:** ${rule.category}` : ''} · **Fixes:** ${kinds.join(', ') || 'none'}

## What it checks

TODO: what the rule reports, precisely (and what it deliberately leaves alone).

## Why it matters

TODO: what Istio or Kubernetes does with such configuration (rejects it, routes to nothing, 503s, ignores the field, ...).

## Failing example

TODO: \`\`\`yaml blocks (one per file; \`# file: <name>.yaml\`, \`# settings: {...}\` on their first lines), then the findings as \`node scripts/rule-docs.mjs ${rule.id}\` prints them, in a \`\`\`text block.

## Passing example

TODO: the same configuration, corrected.

## How to fix

TODO: the manual steps.

${fixesMarkdown(rule)}

## Upstream codes

${upstreamMarkdown(rule)}

## Options

${optionsMarkdown(rule, rules)}
`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const svc = createRequire(import.meta.url)(join(root, 'dist/service.js'));
  const ids = process.argv.slice(2);
  for (const rule of svc.RULES) {
    if (ids.length && !ids.includes(rule.id)) continue;
    const text = readFileSync(pagePath(rule.id), 'utf8');
    console.log(`== ${rule.id}`);
    for (const p of pageProblems(rule, text)) console.log(`  problem: ${p}`);
    const page = parsePage(text);
    for (const name of ['Failing example', 'Passing example']) {
      const ex = examples(section(page, name));
      console.log(`  ${name} (${ex.files.map((f) => f.name).join(', ') || 'no yaml'}${ex.settings ? `, settings ${JSON.stringify(ex.settings)}` : ''}):`);
      if (!ex.files.length) continue;
      for (const f of analyse(svc, ex)) console.log(`    ${f.rule === rule.id ? '*' : ' '} ${formatFinding(f)}`);
    }
  }
}
