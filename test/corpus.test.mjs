// Robustness: every file of the Istio corpus, and hostile inputs, analyze without throwing.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { allFindings, fixtures, svc, workspaceOf } from './helpers.mjs';

function walk(dir, out = []) {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

test('every file of the Istio corpus analyzes without throwing, alone and as one workspace', () => {
  const files = walk(join(fixtures, 'istio-corpus')).filter((f) => /\.(ya?ml|json)$/.test(f));
  assert.ok(files.length >= 190, `corpus files: ${files.length}`);
  const together = svc.createWorkspace();
  let resources = 0;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const ws = svc.createWorkspace();
    ws.setFile(`file://${f}`, text);
    const d = ws.diagnostics(`file://${f}`);
    assert.ok(Array.isArray(d));
    for (const x of d) {
      assert.ok(x.range.start.line >= 0 && x.range.end.line >= x.range.start.line, `${f}: bad range`);
      assert.equal(typeof x.message, 'string');
    }
    together.setFile(`file://${f}`, text);
  }
  for (const uri of together.fileUris()) {
    together.diagnostics(uri);
    resources += together.getFile(uri).resources.length;
  }
  assert.ok(resources > 300, `resources: ${resources}`);
});

test('hostile inputs: never throws, always a clear finding', () => {
  const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++)
    laughs.push(
      `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
        .fill(`*${String.fromCharCode(96 + i)}`)
        .join(',')}]`,
    );
  const billion = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\ndata:\n${laughs.map((l) => `  ${l}`).join('\n')}\n`;
  const cases = {
    'billion.yaml': billion,
    'binary.yaml': '\u0000\u0001\u0002apiVersion: \u0007\n\u0000',
    'unterminated.yaml': 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: "oops\nspec: {',
    'tabs.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n\tname: tabbed\n',
    'empty.yaml': '',
    'comments.yaml': '# nothing here\n---\n# still nothing\n',
    'scalar.yaml': 'just a string',
    'list.yaml': '- a\n- b\n',
    'deep.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${'['.repeat(500)}${']'.repeat(500)}\n`,
    'weird-keys.yaml': 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: x\nspec:\n  ? [a, b]\n  : 1\n  http: 7\n  hosts: {a: 1}\n',
    'route-shapes.yaml':
      'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: y\nspec:\n  http:\n  - route: 5\n  - route: [1, null, {destination: 3}, {destination: {host: [1]}, weight: abc}]\n  - null\n',
  };
  const ws = workspaceOf(cases);
  const findings = allFindings(ws);
  assert.ok(findings.some((f) => f.file === 'unterminated.yaml' && f.rule === 'yaml-syntax'));
  assert.ok(findings.some((f) => f.file === 'tabs.yaml' && f.rule === 'pasted-whitespace' && /tabs/.test(f.message)));
  assert.deepEqual(
    findings.filter((f) => ['empty.yaml', 'comments.yaml', 'scalar.yaml', 'list.yaml'].includes(f.file)),
    [],
  );
  assert.ok(!findings.some((f) => f.rule === 'internal-error'), JSON.stringify(findings.filter((f) => f.rule === 'internal-error')));
});

test('a file over the size limit gets one finding instead of analysis', () => {
  const big = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  k: "${'x'.repeat(2000)}"\n`;
  const ws = svc.createWorkspace({ maxFileSize: 1000 });
  ws.setFile('file:///big.yaml', big);
  const d = ws.diagnostics('file:///big.yaml');
  assert.equal(d.length, 1);
  assert.equal(d[0].rule, 'file-too-large');
  assert.match(d[0].message, /over the .* limit/);
  assert.equal(ws.getFile('file:///big.yaml').resources.length, 0);
});

test('Helm templates are skipped with one info finding', () => {
  const ws = workspaceOf({
    'tpl.yaml':
      'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  hosts: [{{ .Values.host }}]\n  http:\n  - route:\n    - destination:\n      host: x\n',
  });
  const f = allFindings(ws);
  assert.equal(f.length, 1);
  assert.equal(f[0].rule, 'helm-template');
  assert.equal(f[0].severity, 'info');
  assert.equal(f[0].line, 4);
});

test('files that are not Kubernetes YAML are ignored quietly', () => {
  const ws = workspaceOf({
    'ci.yaml': 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n\t- run: make\n',
    'compose.yml': 'services:\n  web:\n    image: nginx\n',
  });
  assert.deepEqual(allFindings(ws), []);
});
