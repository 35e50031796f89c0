// Helm charts in the language server, over real stdio JSON-RPC with the real helm
// (test/renderers.mjs): in a trusted workspace the chart is rendered after indexing and its
// template gets the findings of the rendered objects; in a workspace the client does not trust,
// helm never runs and the template keeps the note that says how to enable rendering.

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { fixtures } from '../helpers.mjs';
import { renderers } from '../renderers.mjs';
import { LspClient, rpc } from './client.mjs';

const r = renderers();
if (r.skip) console.log(`# SKIP Helm in the language server: ${r.skip}`);

async function serve(trusted) {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'mesh-lsp-helm-')));
  cpSync(join(fixtures, 'helm/canary-chart'), join(dir, 'canary-chart'), { recursive: true });
  const c = new LspClient({ rootPath: dir, settings: { helmCommand: r.helm }, initializationOptions: { workspaceTrusted: trusted } });
  await c.initialize();
  const template = pathToFileURL(join(dir, 'canary-chart/templates/virtualservice.yaml')).href;
  return { c, dir, template };
}

test('trusted workspace: the chart is rendered and its template shows the rendered findings', { skip: r.skip }, async () => {
  const { c, dir, template } = await serve(true);
  try {
    await c.waitFor(() => c.diag(template).some((d) => d.code === 'unknown-subset'), 60000, 'the rendered chart to be checked');
    const d = c.diag(template).find((x) => x.code === 'unknown-subset');
    assert.match(d.message, /^in canary-chart with its default values: Subset v2/);
    assert.equal(d.range.start.line, 19, 'at the template line that renders the subset');
    assert.ok(!c.diag(template).some((x) => x.code === 'helm-template'), 'no "not YAML until rendered" note once rendered');
    assert.ok(c.logs.some((l) => /rendered \d+ Helm chart builds/.test(l.message)));
  } finally {
    await c.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('untrusted workspace: helm never runs, the template keeps the note', { skip: r.skip }, async () => {
  const { c, dir, template } = await serve(false);
  try {
    await c.waitFor(() => c.diag(template).some((d) => d.code === 'helm-template'), 60000, 'the template note');
    // The server decides on rendering right after it publishes the indexed files: a request
    // answered after that decision sees its log.
    await c.request(rpc.WorkspaceSymbolRequest.type, { query: 'reviews' });
    assert.match(c.logs.find((l) => /Helm charts not rendered/.test(l.message)).message, /trust/i);
    assert.ok(!c.diag(template).some((d) => d.code === 'unknown-subset'));
  } finally {
    await c.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
});
