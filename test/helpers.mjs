// Shared test helpers: load the built core and build workspaces from fixture folders.

import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The analysis core, as bundled for Node (dist/service.js). */
export const svc = require(join(root, 'dist/service.js'));
export const fixtures = join(root, 'test/fixtures');

/** A workspace of the given files: { path: text } or a list of absolute paths. */
export function workspaceOf(files, settings) {
  const ws = svc.createWorkspace(settings);
  if (Array.isArray(files)) for (const f of files) ws.setFile(pathToFileURL(f).href, readFileSync(f, 'utf8'));
  else for (const [name, text] of Object.entries(files)) ws.setFile(name.includes(':') ? name : `file:///ws/${name}`, text);
  return ws;
}

/** Every finding of the workspace with file base names and 1-based lines: [{file, line, rule, severity, message, ...}]. */
export function allFindings(ws) {
  const out = [];
  for (const uri of ws.fileUris()) {
    for (const d of ws.diagnostics(uri)) {
      out.push({ ...d, file: decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1)), line: d.range.start.line + 1 });
    }
  }
  return out;
}

export function seedFiles(prefix) {
  const dir = join(fixtures, 'seeds');
  return readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.yaml'))
    .sort()
    .map((f) => join(dir, f));
}

export function byRule(findings, rule) {
  return findings.filter((f) => f.rule === rule);
}

/** Hover Markdown as a reader sees its text: the backslash escapes of values (mdText) removed. */
export function mdPlain(markdown) {
  return markdown?.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}
