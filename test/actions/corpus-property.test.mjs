// Property test over every VirtualService of the shared corpora (../shared/corpus/istio and
// ../shared/corpus/field) and the test fixtures: every action offered re-parses with no new
// YAML error, keeps every comment, and changes nothing outside what it targets (a canary step:
// its route, plus DestinationRule subsets; a quick fix: the resource of its finding, plus
// DestinationRules for "add subset").

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { fixtures, root, svc } from '../helpers.mjs';

function walk(dir, out = []) {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    const st = statSync(p);
    if (st.isDirectory()) walk(p, out);
    else if (/\.ya?ml$/.test(p)) out.push(p);
  }
  return out;
}

const shared = join(root, '..', 'shared', 'corpus');
const comments = (t) => t.split('\n').filter((l) => /(^|\s)#/.test(l)).length;
const errors = (t) => parseAllDocuments(t.replace(/\u00a0/g, ' ')).reduce((a, d) => a + d.errors.length, 0);

/** Lines [first, last] that an action may change in the file of its VirtualService. */
function allowedSpan(ws, uri, a, line) {
  const file = ws.getFile(uri);
  const res = svc.resourceAt(file, file.lines.offsetAt({ line, character: 0 }));
  if (a.kind === 'refactor.rewrite') {
    const route = res && svc.routeAt(res, file.lines.offsetAt({ line, character: 0 }));
    if (!route) return undefined;
    const [s, e] = svc.span(res, route.node);
    return [file.lines.positionAt(s).line, file.lines.positionAt(e).line + 1];
  }
  const f = a.findings?.[0];
  const owner =
    f &&
    file.resources.find((r) => {
      const [s, e] = svc.span(r, r.node);
      return f.start >= s && f.start <= e;
    });
  if (!owner) return undefined;
  const [s, e] = svc.span(owner, owner.node);
  return [file.lines.positionAt(s).line, file.lines.positionAt(e).line + 1];
}

function checkGroup(label, files, totals) {
  const ws = svc.createWorkspace();
  for (const f of files) {
    try {
      ws.setFile(`file://${f}`, readFileSync(f, 'utf8'));
    } catch {
      /* unreadable: skip */
    }
  }
  for (const uri of ws.fileUris()) {
    const file = ws.getFile(uri);
    const lines = new Set();
    for (const r of file.resources) {
      if (r.kind !== 'VirtualService' || r.view?.type !== 'VirtualService') continue;
      totals.vs++;
      for (const route of r.view.vs.http) lines.add(file.lines.positionAt(svc.span(r, route.node)[0]).line);
    }
    if (!lines.size) continue;
    for (const f of ws.findings(uri))
      if (['weights-not-100', 'weight-missing', 'unknown-subset', 'misnested-destination', 'unknown-field', 'unknown-gateway'].includes(f.rule))
        lines.add(file.lines.positionAt(f.start).line);
    for (const line of lines) {
      for (const a of svc.codeActions(ws, uri, { start: { line, character: 0 }, end: { line, character: 0 } }, svc.DEFAULT_SETTINGS)) {
        if (a.disabled) continue;
        totals.actions++;
        const span = allowedSpan(ws, uri, a, line);
        for (const [u, edits] of Object.entries(a.edit.changes)) {
          const target = ws.getFile(u);
          const before = target.text;
          const next = svc.applyTextEdits(target, edits);
          assert.ok(errors(next) <= errors(before), `${label}: ${a.title}: new YAML error in ${u}`);
          assert.ok(comments(next) >= comments(before), `${label}: ${a.title}: lost a comment in ${u}`);
          for (const e of edits) {
            const inSpan = u === uri && span && e.range.start.line >= span[0] && e.range.end.line <= span[1];
            if (inSpan) continue;
            // Elsewhere only DestinationRules change (a subset added or retired).
            const o = target.lines.offsetAt(e.range.start);
            const holder = target.resources.find((r) => {
              const [rs, re] = svc.span(r, r.node);
              return o >= target.text.lastIndexOf('\n', rs - 1) + 1 && o <= re + 1;
            });
            assert.equal(holder?.kind, 'DestinationRule', `${label}: ${a.title}: edit at line ${e.range.start.line + 1} of ${u} outside its target`);
          }
        }
      }
    }
  }
}

test('fixtures: every action re-parses, keeps comments, stays in its route or resource', () => {
  const totals = { vs: 0, actions: 0 };
  checkGroup('examples', walk(join(root, 'examples')), totals);
  checkGroup('seeds', walk(join(fixtures, 'seeds')), totals);
  console.log(`# fixtures: ${totals.actions} actions on ${totals.vs} VirtualServices`);
  assert.ok(totals.actions > 100, `actions: ${totals.actions}`);
});

for (const corpus of ['istio', 'field']) {
  const dir = join(shared, corpus);
  const present = existsSync(dir);
  if (!present) console.log(`# SKIP corpus ${corpus}: ${dir} is absent`);
  test(`corpus ${corpus}: every action re-parses, keeps comments, stays in its route or resource`, { skip: present ? false : `${dir} is absent` }, () => {
    const totals = { vs: 0, actions: 0 };
    // One workspace per top-level folder (one repository of the field corpus).
    for (const e of readdirSync(dir)) {
      const p = join(dir, e);
      const files = statSync(p).isDirectory() ? walk(p) : /\.ya?ml$/.test(p) ? [p] : [];
      if (files.length) checkGroup(`${corpus}/${e}`, files, totals);
    }
    console.log(`# corpus ${corpus}: ${totals.actions} actions on ${totals.vs} VirtualServices`);
    assert.ok(totals.vs > 10, `VirtualServices: ${totals.vs}`);
  });
}
