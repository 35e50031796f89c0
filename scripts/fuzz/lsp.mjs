// Protocol fuzzing over real stdio: random valid and invalid LSP sequences sent as raw framed
// bytes to bin/mesh-lsp.js (so malformed JSON and invalid JSON-RPC can be sent at all), with
// the properties: every request gets a well-formed JSON-RPC response, the server never exits,
// and its diagnostics converge to those of a fresh server opened on the final text.
// Shared by `npm run fuzz:lsp` (scripts/fuzz-lsp.mjs) and test/fuzz/protocol.test.mjs.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import fc from 'fast-check';
import { root } from './core.mjs';

const require = createRequire(import.meta.url);
const { TextDocument } = require('vscode-languageserver-textdocument');

/** A language server process spoken to in raw JSON-RPC frames. */
export class RawServer {
  constructor() {
    this.proc = spawn(process.execPath, [join(root, 'bin/mesh-lsp.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = null;
    this.proc.on('exit', (code, signal) => (this.exited = { code, signal }));
    this.proc.stdin.on('error', () => {});
    this.stderr = '';
    this.proc.stderr.on('data', (d) => {
      this.stderr += d;
      if (this.stderr.length > 100000) this.stderr = this.stderr.slice(-50000);
    });
    this.buf = Buffer.alloc(0);
    this.pending = new Map();
    this.diagnostics = new Map();
    this.diagWaiters = [];
    this.nextId = 1;
    this.bad = []; // malformed responses
    this.tolerated = new Set(); // ids of invalid messages: a response is optional
    this.proc.stdout.on('data', (d) => this.onData(d));
  }

  onData(d) {
    this.buf = Buffer.concat([this.buf, d]);
    for (;;) {
      const sep = this.buf.indexOf('\r\n\r\n');
      if (sep === -1) return;
      const header = this.buf.subarray(0, sep).toString('ascii');
      const m = /Content-Length: (\d+)/i.exec(header);
      if (!m) {
        this.bad.push(`frame without Content-Length: ${header.slice(0, 100)}`);
        this.buf = this.buf.subarray(sep + 4);
        continue;
      }
      const len = Number(m[1]);
      if (this.buf.length < sep + 4 + len) return;
      const body = this.buf.subarray(sep + 4, sep + 4 + len).toString('utf8');
      this.buf = this.buf.subarray(sep + 4 + len);
      let msg;
      try {
        msg = JSON.parse(body);
      } catch {
        this.bad.push(`unparsable message: ${body.slice(0, 100)}`);
        continue;
      }
      this.onMessage(msg);
    }
  }

  onMessage(msg) {
    if (msg.jsonrpc !== '2.0') this.bad.push(`message without jsonrpc 2.0: ${JSON.stringify(msg).slice(0, 100)}`);
    if (msg.method && msg.id !== undefined) {
      // A request from the server (registration, configuration, refresh): answer it.
      this.send({ jsonrpc: '2.0', id: msg.id, result: msg.method === 'workspace/configuration' ? (msg.params?.items ?? []).map(() => ({})) : null });
      return;
    }
    if (msg.method === 'textDocument/publishDiagnostics') {
      this.diagnostics.set(msg.params.uri, msg.params.diagnostics);
      for (const w of [...this.diagWaiters]) w();
      return;
    }
    if (msg.method) return;
    const p = this.pending.get(msg.id);
    if (!p) {
      // A response to a request we never made: only allowed for an unreadable request (id null).
      if (this.tolerated.has(msg.id)) {
        this.tolerated.delete(msg.id);
        if (!msg.error || typeof msg.error.code !== 'number')
          this.bad.push(`invalid message ${msg.id} answered without an error: ${JSON.stringify(msg).slice(0, 100)}`);
      } else if (msg.id !== null) this.bad.push(`response to unknown id ${JSON.stringify(msg.id)}`);
      else this.nullIdErrors = (this.nullIdErrors ?? 0) + 1;
      return;
    }
    this.pending.delete(msg.id);
    p.resolve(msg);
  }

  sendRaw(body) {
    const b = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
    if (this.exited || this.proc.stdin.destroyed) return;
    this.proc.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${b.length}\r\n\r\n`, 'ascii'), b]));
  }

  send(msg) {
    this.sendRaw(JSON.stringify(msg));
  }

  notify(method, params) {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Send a request; resolves with the response message, or { timeout: true }. */
  request(method, params, ms = 30000) {
    const id = this.nextId++;
    const p = this.track(id, ms);
    this.send({ jsonrpc: '2.0', id, method, params });
    return { id, response: p };
  }

  /** The response to request `id` (or { timeout: true }). */
  track(id, ms = 30000) {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.pending.delete(id);
        resolve({ timeout: true, id });
      }, ms);
      this.pending.set(id, {
        resolve: (m) => {
          clearTimeout(t);
          resolve(m);
        },
      });
    });
  }

  /** Resolve when check() holds (re-checked on every publishDiagnostics), false after ms. */
  waitDiagnostics(check, ms) {
    if (check()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const w = () => {
        if (!check()) return;
        clearTimeout(t);
        this.diagWaiters = this.diagWaiters.filter((x) => x !== w);
        resolve(true);
      };
      const t = setTimeout(() => {
        this.diagWaiters = this.diagWaiters.filter((x) => x !== w);
        resolve(check());
      }, ms);
      this.diagWaiters.push(w);
    });
  }

  async initialize() {
    const { response } = this.request('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: null,
      capabilities: {},
      initializationOptions: { debounceMs: 5 },
    });
    const r = await response;
    if (!r.result) throw new Error(`initialize failed: ${JSON.stringify(r)}`);
    this.notify('initialized', {});
  }

  /**
   * Wait until every change sent so far is analyzed and published: open a sentinel document
   * with a known finding; the flush that publishes it also publishes every earlier change.
   */
  async sync(tag) {
    const uri = `file:///fuzz/sentinel-${tag}.yaml`;
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: 'apiVersion: v1\nkind: Service\nmetadata: [\n' } });
    const ok = await this.waitDiagnostics(() => (this.diagnostics.get(uri) ?? []).length > 0, 30000);
    this.notify('textDocument/didClose', { textDocument: { uri } });
    this.diagnostics.delete(uri);
    return ok;
  }

  async stop() {
    if (this.exited) return;
    const { response } = this.request('shutdown', null, 5000);
    await response;
    this.notify('exit', null);
    await new Promise((r) => {
      if (this.exited) return r();
      const t = setTimeout(() => {
        this.proc.kill();
        r();
      }, 3000);
      this.proc.on('exit', () => {
        clearTimeout(t);
        r();
      });
    });
  }
}

// ------------------------------------------------------------------ sequences

const SNIPPETS = [
  '',
  '\n',
  'x',
  '  ',
  '\t',
  '\u00a0',
  '#',
  ': ',
  '- ',
  '---\n',
  'weight: 100\n',
  '      weight: 50\n',
  'subset: v9\n',
  '{{ .Values.x }}',
  '[',
  ']',
  '&a ',
  '*a',
  '<<: *a\n',
  '\ufeff',
  '\u0000',
  '\ud800',
  '🙂',
  'host: reviews\n',
  'kind: VirtualService\n',
  'apiVersion: networking.istio.io/v1alpha3\n',
];
const posArb = fc.record({ line: fc.oneof(fc.nat(60), fc.constantFrom(-1, 1e6, 2 ** 31)), character: fc.oneof(fc.nat(80), fc.constantFrom(-1, 1e6)) });
const REQUESTS = [
  'textDocument/hover',
  'textDocument/completion',
  'textDocument/definition',
  'textDocument/references',
  'textDocument/documentSymbol',
  'textDocument/codeAction',
  'textDocument/codeLens',
  'textDocument/rename',
  'textDocument/prepareRename',
  'workspace/symbol',
];

const stepArb = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('change-range'),
      start: posArb,
      end: posArb,
      text: fc.constantFrom(...SNIPPETS),
      version: fc.constantFrom('next', 'next', 'next', 'stale', 'same', 'null'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('change-full'), text: fc.constantFrom(...SNIPPETS), keep: fc.boolean(), version: fc.constantFrom('next', 'stale') }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('open') }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('close') }) },
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('request'),
      method: fc.constantFrom(...REQUESTS),
      pos: posArb,
      end: posArb,
      target: fc.constantFrom('doc', 'doc', 'doc', 'unknown', 'missing-params'),
      cancel: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('unknown-method'), notification: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('malformed'),
      kind: fc.constantFrom('json', 'no-method', 'bad-method', 'bad-params', 'array', 'utf8', 'empty', 'bad-version'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('custom'), method: fc.constantFrom('mesh/trafficSplit', 'mesh/canary', 'workspace/executeCommand') }) },
);

export function sequenceArb(corpusSize, { huge = true } = {}) {
  return fc.record({
    file: fc.noBias(fc.nat(corpusSize - 1)),
    openFirst: fc.constantFrom(true, true, true, false),
    steps: fc.array(stepArb, { minLength: 3, maxLength: 16 }),
    huge: huge ? fc.option(fc.constantFrom('change', 'request'), { freq: 100 }) : fc.constant(null),
  });
}

/**
 * Run one sequence against `server`, compare with `reference` (a second server used only for
 * fresh opens of final texts). Returns problems [{ kind, detail }].
 */
export async function runSequence(server, reference, corpus, seq, tag) {
  const problems = [];
  const uri = `file:///fuzz/seq-${tag}.yaml`;
  const text0 = corpus[seq.file].text;
  let model = null; // the text the server should hold (TextDocument semantics), null when closed
  let version = 0;
  const requests = [];
  const expectError = new Set();
  const open = (text) => {
    version++;
    server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    if (!model) model = TextDocument.create(uri, 'yaml', version, text);
  };
  if (seq.openFirst) open(text0);
  const steps = [...seq.steps];
  if (seq.huge === 'change') steps.push({ op: 'huge-change' });
  if (seq.huge === 'request') steps.push({ op: 'huge-request' });
  for (const s of steps) {
    switch (s.op) {
      case 'open':
        open(model ? model.getText() : text0);
        break;
      case 'close':
        server.notify('textDocument/didClose', { textDocument: { uri } });
        model = null;
        break;
      case 'change-range':
      case 'change-full': {
        const v = s.version === 'next' ? ++version : s.version === 'stale' ? Math.max(0, version - 3) : s.version === 'same' ? version : null;
        const change =
          s.op === 'change-full' ? { text: s.keep && model ? model.getText() + s.text : s.text } : { range: { start: s.start, end: s.end }, text: s.text };
        server.notify('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [change] });
        // The server applies every change of an open document in order, whatever its version
        // (a change without a version is rejected); the model uses the same TextDocument code.
        if (model && v !== null) model = TextDocument.update(model, [change], v);
        break;
      }
      case 'request': {
        const td = s.target === 'unknown' ? { uri: `file:///fuzz/never-opened-${tag}.yaml` } : { uri };
        let params;
        if (s.target === 'missing-params') params = {};
        else if (s.method === 'workspace/symbol') params = { query: 'r' };
        else if (s.method === 'textDocument/documentSymbol' || s.method === 'textDocument/codeLens') params = { textDocument: td };
        else if (s.method === 'textDocument/codeAction') params = { textDocument: td, range: { start: s.pos, end: s.end }, context: { diagnostics: [] } };
        else if (s.method === 'textDocument/references') params = { textDocument: td, position: s.pos, context: { includeDeclaration: true } };
        else if (s.method === 'textDocument/rename') params = { textDocument: td, position: s.pos, newName: 'renamed' };
        else params = { textDocument: td, position: s.pos };
        const r = server.request(s.method, params);
        requests.push({ method: s.method, ...r });
        if (s.cancel) server.notify('$/cancelRequest', { id: r.id });
        break;
      }
      case 'unknown-method':
        if (s.notification) server.notify('fuzz/unknownNotification', { x: 1 });
        else {
          const r = server.request('fuzz/unknownRequest', { x: 1 });
          requests.push({ method: 'fuzz/unknownRequest', ...r });
          expectError.add(r.id);
        }
        break;
      case 'custom': {
        const r = server.request(
          s.method,
          s.method === 'workspace/executeCommand' ? { command: 'meshLsp.nothing', arguments: [uri, 42] } : { uri, position: { line: 3, character: 0 } },
        );
        requests.push({ method: s.method, ...r });
        break;
      }
      case 'malformed': {
        const id = server.nextId++;
        if (s.kind !== 'bad-version')
          server.tolerated.add(id); // JSON-RPC 1.0 framing is served leniently
        else requests.push({ method: 'textDocument/hover (jsonrpc 1.0)', id, response: server.track(id) });
        if (s.kind === 'json') server.sendRaw(`{"jsonrpc":"2.0","id":${id},"method":"textDocument/hover","params":{`);
        else if (s.kind === 'no-method') server.send({ jsonrpc: '2.0', id, params: {} });
        else if (s.kind === 'bad-method') server.send({ jsonrpc: '2.0', id, method: 42 });
        else if (s.kind === 'bad-params') {
          const r = server.request('textDocument/hover', 'not an object');
          requests.push({ method: 'textDocument/hover (bad params)', ...r });
        } else if (s.kind === 'array') server.sendRaw('[1, 2, 3]');
        else if (s.kind === 'utf8') server.sendRaw(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
        else if (s.kind === 'empty') server.sendRaw('');
        else if (s.kind === 'bad-version')
          server.send({ jsonrpc: '1.0', id, method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 0, character: 0 } } });
        break;
      }
      case 'huge-change': {
        if (!model) break;
        const text = `${model.getText()}\n# ${'x'.repeat(6 * 1024 * 1024)}\n`;
        const v = ++version;
        server.notify('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text }] });
        model = TextDocument.update(model, [{ text }], v);
        break;
      }
      case 'huge-request': {
        const r = server.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 }, padding: 'p'.repeat(4 * 1024 * 1024) });
        requests.push({ method: 'textDocument/hover (huge)', ...r });
        break;
      }
    }
  }
  // Meanwhile a fresh open of the final text on the reference server gives the expected diagnostics.
  const finalText = model ? model.getText() : null;
  const expectedP = (async () => {
    if (finalText === null) return [];
    reference.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: finalText } });
    await reference.sync(`${tag}-r`);
    const d = reference.diagnostics.get(uri) ?? [];
    reference.notify('textDocument/didClose', { textDocument: { uri } });
    reference.diagnostics.delete(uri);
    return d;
  })();
  // Every request is answered with a well-formed result or error.
  for (const r of requests) {
    const m = await r.response;
    if (m.timeout) problems.push({ kind: 'no-response', detail: `${r.method} (id ${r.id}) got no response in 30 s` });
    else if ('error' in m) {
      if (typeof m.error?.code !== 'number' || typeof m.error?.message !== 'string')
        problems.push({ kind: 'bad-response', detail: `${r.method}: malformed error ${JSON.stringify(m.error).slice(0, 200)}` });
      if (expectError.has(r.id) && m.error.code !== -32601)
        problems.push({ kind: 'bad-response', detail: `${r.method}: expected MethodNotFound (-32601), got ${m.error.code}` });
    } else if (!('result' in m)) problems.push({ kind: 'bad-response', detail: `${r.method}: neither result nor error` });
    else if (expectError.has(r.id)) problems.push({ kind: 'bad-response', detail: `${r.method}: an unknown method returned a result` });
  }
  if (server.bad.length) problems.push({ kind: 'bad-response', detail: server.bad.splice(0).join('; ') });
  if (!(await server.sync(`${tag}-a`))) problems.push({ kind: 'no-sync', detail: 'the sentinel document was never published' });
  if (server.exited) {
    problems.push({ kind: 'exit', detail: `server exited ${JSON.stringify(server.exited)}; stderr: ${server.stderr.slice(-2000)}` });
    return problems;
  }
  // Convergence: the diagnostics equal a fresh server's on the final text.
  {
    const expected = await expectedP;
    const key = (d) => JSON.stringify((d ?? []).map((x) => [x.range, x.code, x.severity, x.message]));
    const converged = await server.waitDiagnostics(() => key(server.diagnostics.get(uri)) === key(expected), 10000);
    if (!converged)
      problems.push({
        kind: 'diverged',
        detail: `diagnostics ${key(server.diagnostics.get(uri)).slice(0, 300)} != fresh server's ${key(expected).slice(0, 300)}`,
      });
  }
  // Leave the server clean for the next sequence.
  server.notify('textDocument/didClose', { textDocument: { uri } });
  server.diagnostics.delete(uri);
  if (server.exited) problems.push({ kind: 'exit', detail: `server exited ${JSON.stringify(server.exited)}; stderr: ${server.stderr.slice(-2000)}` });
  return problems;
}
