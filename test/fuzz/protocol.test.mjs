// The fast protocol fuzz suite: a fixed seed, a few random LSP sequences (stale versions,
// ranges past the end, closed documents, cancellations, unknown methods, malformed JSON) sent
// over real stdio to bin/mesh-lsp.js. The long run is `npm run fuzz:lsp` (docs/reliability.md).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { loadCorpus } from '../../scripts/fuzz/core.mjs';
import { RawServer, runSequence, sequenceArb } from '../../scripts/fuzz/lsp.mjs';

const { files: corpus } = loadCorpus({ shared: false });

test('protocol fuzz: 12 random sequences get proper answers, the server stays up and converges', async () => {
  const server = new RawServer();
  const reference = new RawServer();
  try {
    await server.initialize();
    await reference.initialize();
    const arb = sequenceArb(corpus.length, { huge: false });
    for (let i = 0; i < 12; i++) {
      const [seq] = fc.sample(arb, { seed: 16 + i, numRuns: 1 });
      const problems = await runSequence(server, reference, corpus, seq, i);
      assert.deepEqual(problems, [], `sequence ${i} (seed ${16 + i})`);
      assert.equal(server.exited, null);
    }
  } finally {
    await server.stop();
    await reference.stop();
  }
});

test('protocol fuzz: hostile messages one by one', async () => {
  const server = new RawServer();
  try {
    await server.initialize();
    const uri = 'file:///fuzz/hostile.yaml';
    // Malformed JSON with valid framing: the server answers a parse error or nothing, and keeps going.
    server.sendRaw('{"jsonrpc":"2.0","id":9001,"method":"textDocument/hover","params":{');
    server.sendRaw(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    // Unknown request: MethodNotFound.
    const unknown = server.request('fuzz/unknownRequest', {});
    const r = await unknown.response;
    assert.equal(r.error?.code, -32601);
    // Requests for a document never opened, and positions past the end: answered, not crashed.
    for (const method of ['textDocument/hover', 'textDocument/definition', 'textDocument/completion', 'textDocument/prepareRename']) {
      const m = await server.request(method, { textDocument: { uri }, position: { line: 1e6, character: 1e6 } }).response;
      assert.ok('result' in m || typeof m.error?.code === 'number', `${method}: ${JSON.stringify(m)}`);
    }
    // A change with a range past the end of a one-line document, then a stale version.
    server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 5, text: 'apiVersion: v1\n' } });
    server.notify('textDocument/didChange', {
      textDocument: { uri, version: 6 },
      contentChanges: [{ range: { start: { line: 40, character: 3 }, end: { line: 90, character: 0 } }, text: 'kind: Service\nmetadata: [\n' }],
    });
    server.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# c\n' }],
    });
    // A request cancelled at once: answered with a result or RequestCancelled (-32800).
    const c = server.request('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } },
      context: { diagnostics: [] },
    });
    server.notify('$/cancelRequest', { id: c.id });
    const cr = await c.response;
    assert.ok('result' in cr || cr.error?.code === -32800, JSON.stringify(cr));
    // Completion far past the end of an open document (this once looped over 2^31 lines).
    const far = await server.request('textDocument/completion', { textDocument: { uri }, position: { line: 2 ** 31, character: 1e6 } }, 20000).response;
    assert.ok('result' in far, JSON.stringify(far));
    // Close and reopen at once, repeatedly: the reopened text must stay analyzed (closing once
    // dropped the reopened file when the disk read finished after the reopen).
    for (let k = 0; k < 5; k++) {
      server.notify('textDocument/didClose', { textDocument: { uri } });
      server.notify('textDocument/didOpen', {
        textDocument: { uri, languageId: 'yaml', version: 10 + k, text: '# c\napiVersion: v1\nkind: Service\nmetadata: [\n' },
      });
    }
    assert.ok(await server.sync('hostile'));
    // The changes were applied in order (the stale version too): the syntax error is on line 3.
    const d = server.diagnostics.get(uri) ?? [];
    assert.ok(
      d.some((x) => x.code === 'yaml-syntax' && x.range.start.line >= 2),
      JSON.stringify(d),
    );
    assert.deepEqual(server.bad, []);
    assert.equal(server.exited, null);
  } finally {
    await server.stop();
  }
});
