// Property test over every VirtualService in the seeds, the examples and the Istio corpus:
// every action offered yields text that parses with no new error, keeps every comment,
// leaves untouched documents byte for byte, and (quick fixes) removes the finding it was
// offered for; Promote applied twice changes nothing the second time.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { fixtures, root, svc } from '../helpers.mjs';

function walk(dir, out = []) {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.ya?ml$/.test(p)) out.push(p);
  }
  return out;
}

const groups = [
  ['seeds-001', walk(join(fixtures, 'seeds')).filter((f) => f.includes('/001-'))],
  ['seeds-003', walk(join(fixtures, 'seeds')).filter((f) => f.includes('/003-'))],
  ['seeds-004', walk(join(fixtures, 'seeds')).filter((f) => f.includes('/004-'))],
  ['examples', walk(join(root, 'examples'))],
  ['bookinfo', [...walk(join(fixtures, 'istio-corpus/bookinfo-networking')), join(fixtures, 'istio-corpus/bookinfo-platform/bookinfo.yaml')]],
  ...walk(join(fixtures, 'istio-corpus'))
    .filter((f) => !f.includes('bookinfo'))
    .map((f) => [f, [f]]),
];

const comments = (t) => t.split('\n').filter((l) => /(^|\s)#/.test(l)).length;
const errors = (t) => parseAllDocuments(t.replace(/\u00a0/g, ' ')).reduce((a, d) => a + d.errors.length, 0);
const docsOf = (t) => t.split(/^---/m);

test('every action on every VirtualService is safe', () => {
  let actionsChecked = 0;
  let vsChecked = 0;
  let promotes = 0;
  for (const [, files] of groups) {
    const ws = svc.createWorkspace();
    for (const f of files) ws.setFile(`file://${f}`, readFileSync(f, 'utf8'));
    for (const uri of ws.fileUris()) {
      const file = ws.getFile(uri);
      const lines = new Set();
      for (const r of file.resources) {
        if (r.kind !== 'VirtualService' || r.view?.type !== 'VirtualService') continue;
        vsChecked++;
        for (const route of r.view.vs.http) lines.add(file.lines.positionAt(svc.span(r, route.node)[0]).line);
      }
      for (const f of ws.findings(uri)) lines.add(file.lines.positionAt(f.start).line);
      for (const line of lines) {
        const actions = svc.codeActions(ws, uri, { start: { line, character: 0 }, end: { line, character: 0 } }, svc.DEFAULT_SETTINGS);
        for (const a of actions) {
          if (a.disabled) continue; // says who owns the weights; no edit
          actionsChecked++;
          const after = new Map();
          for (const [u, edits] of Object.entries(a.edit.changes)) {
            const before = ws.getFile(u).text;
            const next = svc.applyTextEdits(ws.getFile(u), edits);
            after.set(u, next);
            assert.ok(errors(next) <= errors(before), `${a.title}: new YAML error in ${u}`);
            assert.ok(comments(next) >= comments(before), `${a.title}: lost a comment in ${u}`);
            // Documents that no edit touches stay byte for byte.
            const touched = new Set(edits.map((e) => ws.getFile(u).lines.offsetAt(e.range.start)));
            const b = docsOf(before);
            const n = docsOf(next);
            if (b.length === n.length) {
              let offset = 0;
              b.forEach((d, i) => {
                const hit = [...touched].some((o) => o >= offset && o <= offset + d.length + 3);
                if (!hit) assert.equal(n[i], d, `${a.title}: changed an untouched document of ${u}`);
                offset += d.length + 3;
              });
            }
          }
          if (a.kind === 'quickfix') {
            const f = a.findings[0];
            const w2 = svc.createWorkspace();
            for (const u of ws.fileUris()) w2.setFile(u, after.get(u) ?? ws.getFile(u).text);
            const count = (w) => w.findings(f.uri).filter((x) => x.rule === f.rule).length;
            assert.ok(count(w2) < count(ws), `${a.title}: finding ${f.rule} not removed in ${f.uri}`);
          }
          if (a.id === 'canary.promote') {
            promotes++;
            const w2 = svc.createWorkspace();
            for (const u of ws.fileUris()) w2.setFile(u, after.get(u) ?? ws.getFile(u).text);
            const again = svc
              .codeActions(w2, uri, { start: { line, character: 0 }, end: { line, character: 0 } }, svc.DEFAULT_SETTINGS)
              .filter((x) => x.id === 'canary.promote');
            assert.equal(again.length, 0, `${a.title}: promote offered again after promoting`);
          }
        }
      }
    }
  }
  assert.ok(vsChecked > 60, `VirtualServices: ${vsChecked}`);
  assert.ok(actionsChecked > 200, `actions: ${actionsChecked}`);
  assert.ok(promotes > 10, `promotes: ${promotes}`);
  console.log(`checked ${actionsChecked} actions on ${vsChecked} VirtualServices (${promotes} promotes)`);
});
