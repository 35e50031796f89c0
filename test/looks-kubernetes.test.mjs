// One test for "does this text look like a Kubernetes manifest" (service/text.ts LOOKS_KUBERNETES),
// shared by the file walk (which files are read at all) and the index (whether a file's syntax
// errors, size or template problems are reported as a manifest's): an `apiVersion` or `kind` key
// in block or flow style, plain or quoted, indented or as a list item; never in a comment or inside
// a value.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { build } from 'esbuild';
import { root, svc } from './helpers.mjs';

async function loadText() {
  const out = await build({
    entryPoints: [join(root, 'server/src/service/text.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'silent',
  });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
}

test('LOOKS_KUBERNETES: apiVersion or kind as a key, block or flow, plain or quoted', async () => {
  const { LOOKS_KUBERNETES } = await loadText();
  const yes = {
    block: 'apiVersion: v1\nkind: Service\n',
    indented: 'items:\n  kind: Service\n',
    'after a tab': '\tkind: Service\n',
    'list item': 'items:\n- apiVersion: v1\n  kind: Service\n',
    'nested list item': '- - kind: Service\n',
    'flow (JSON)': '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "x"}}',
    'flow, key after a comma without space': '{a: 1,kind: Service}',
    'flow over lines': '{\n"kind": "Service"}',
    'double-quoted key': '"kind": Service\n',
    'single-quoted key': "'apiVersion': v1\n",
    'space before the colon': 'kind : Service\n',
    'CRLF line ends': 'a: 1\r\nkind: Service\r\n',
  };
  const no = {
    'in a comment': '# kind: Service\nname: build\n',
    'inside a value': 'description: the kind: of thing\n',
    'a longer key': 'kindly: yes\napiVersions: [v1]\n',
    'a key ending in kind': 'labels: {app.kind: x}\n',
    'a CI workflow': 'name: build\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n',
  };
  for (const [name, text] of Object.entries(yes)) assert.ok(LOOKS_KUBERNETES.test(text), `${name}: ${JSON.stringify(text)}`);
  for (const [name, text] of Object.entries(no)) assert.ok(!LOOKS_KUBERNETES.test(text), `${name}: ${JSON.stringify(text)}`);
});

test('a flow-style (JSON) manifest with a syntax error is reported as a manifest; a non-manifest YAML file is not', () => {
  const ws = svc.createWorkspace();
  ws.setFile('file:///w/svc.yaml', '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "x"\n');
  ws.setFile('file:///w/notes.yaml', '# kind: Service\nnotes: [unclosed\n');
  assert.ok(ws.diagnostics('file:///w/svc.yaml').length > 0, 'the JSON manifest gets its syntax error');
  assert.deepEqual(ws.diagnostics('file:///w/notes.yaml'), []);
});
