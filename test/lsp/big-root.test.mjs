// A big workspace root over real stdio: the opened document is diagnosed before background
// indexing ends (no timing: the order of messages is what is checked), the index skips what
// cannot matter (node_modules, vendor, .gitignore, files.exclude, YAML without Kubernetes
// objects), reports work-done progress, and can be cancelled.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspClient, rpc } from './client.mjs';

const dir = mkdtempSync(join(tmpdir(), 'mesh-big-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const uri = (f) => pathToFileURL(join(dir, f)).href;
const write = (f, text) => {
  mkdirSync(join(dir, f, '..'), { recursive: true });
  writeFileSync(join(dir, f), text);
};
const svc = (name) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n  selector:\n    app: ${name}\n  ports:\n  - name: http\n    port: 80\n`;
// A VirtualService whose host resolves nowhere: an unknown-host finding once the index is complete.
const orphanVs = (name) =>
  `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n  hosts: [${name}-missing]\n  http:\n  - route:\n    - destination:\n        host: ${name}-missing\n`;

const KUBE = 1500;
const OTHER = 1500;
for (let i = 0; i < KUBE; i++) write(`apps/a${String(i).padStart(4, '0')}/svc.yaml`, svc(`svc-${i}`));
for (let i = 0; i < OTHER; i++)
  write(
    `ci/w${String(i).padStart(4, '0')}.yaml`,
    `name: build ${i}\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n    - run: make test\n`,
  );
// The Service the opened document routes to is the last file indexed.
write('zz/checkout.yaml', svc('checkout'));
// Never indexed: each would report unknown-host if it were.
write('node_modules/pkg/vs.yaml', orphanVs('in-node-modules'));
write('vendor/lib/vs.yaml', orphanVs('in-vendor'));
write('build/out/vs.yaml', orphanVs('in-gitignored'));
write('generated/vs.yaml', orphanVs('in-files-exclude'));
write('.gitignore', '# build output\nbuild/\n');
// Over meshLsp.maxFileSize (set to 200 kB below): plain data is skipped unread past its head;
// a Kubernetes file gets its one file-too-large finding.
write('data/big.yaml', `rows:\n${'- {id: 1, name: a row of data}\n'.repeat(10000)}`);
write('data/big-k8s.yaml', `${svc('big')}---\n${'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: v\n---\n'.repeat(5000)}`);
// Indexed: reports unknown-host once the index is complete.
write('teams/orphan.yaml', orphanVs('orphan'));
const opened = `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: checkout\n  namespace: default\nspec:\n  hosts: [checkout]\n  http:\n  - route:\n    - destination:\n        host: checkout\n      weight: 80\n    - destination:\n        host: checkout\n      weight: 30\n`;
write('app/checkout-vs.yaml', opened);

function client() {
  // openGraceMs 0: publish the opened document at once (by default it waits up to 1 s for the index).
  const c = new LspClient({ rootPath: dir, initializationOptions: { openGraceMs: 0 } });
  c.events = [];
  c.conn.onRequest(rpc.WorkDoneProgressCreateRequest.type, (p) => {
    c.events.push({ type: 'create', token: p.token });
    return null;
  });
  c.conn.onUnhandledProgress((p) => {
    c.events.push({ type: p.value.kind, token: p.token, value: p.value });
    for (const w of [...c.waiters]) if (w.check()) w.resolve();
  });
  c.conn.onNotification(rpc.PublishDiagnosticsNotification.type, (p) => {
    c.diagnostics.set(p.uri, p.diagnostics);
    c.events.push({ type: 'diagnostics', uri: p.uri, codes: p.diagnostics.map((d) => d.code) });
    for (const w of [...c.waiters]) if (w.check()) w.resolve();
  });
  c.conn.onRequest(rpc.ConfigurationRequest.type, (p) =>
    p.items.map((i) =>
      i.section === 'files' ? { exclude: { '**/generated': true, '**/off': false } } : i.section === 'meshLsp' ? { maxFileSize: 200000 } : null,
    ),
  );
  return c;
}

test('big root: the opened document is diagnosed before indexing ends; the index skips what cannot matter', async () => {
  const c = client();
  try {
    await c.initialize({ window: { workDoneProgress: true } });
    await c.open(uri('app/checkout-vs.yaml'), opened);
    await c.waitFor(() => c.events.some((e) => e.type === 'end'), 60000, 'indexing to end');
    const firstDiag = c.events.findIndex((e) => e.type === 'diagnostics' && e.uri === uri('app/checkout-vs.yaml') && e.codes.includes('weights-not-100'));
    const begin = c.events.findIndex((e) => e.type === 'begin');
    const end = c.events.findIndex((e) => e.type === 'end');
    assert.ok(begin !== -1 && c.events[begin].value.cancellable === true, 'work-done progress begins, cancellable');
    assert.ok(firstDiag !== -1, 'the opened document got its diagnostics');
    assert.ok(firstDiag < end, `diagnostics of the opened document (event ${firstDiag}) arrive before indexing ends (event ${end})`);
    // No finding that depends on other files was published while the index was incomplete.
    for (const e of c.events.slice(0, end))
      if (e.type === 'diagnostics') assert.ok(!e.codes.includes('unknown-host'), `no cross-file finding before the index is complete: ${e.uri}`);
    // Once indexed, cross-file findings appear where they belong, and only there.
    await c.waitFor(() => c.diag(uri('teams/orphan.yaml')).some((d) => d.code === 'unknown-host'), 20000, 'unknown-host in teams/orphan.yaml');
    const stats = await c.request('meshLsp/indexStats', {});
    assert.equal(stats.files, KUBE + 4, 'Kubernetes files indexed: the Services, zz/checkout.yaml, teams/orphan.yaml, data/big-k8s.yaml and the opened one');
    assert.deepEqual(
      c.diag(uri('data/big-k8s.yaml')).map((d) => d.code),
      ['file-too-large'],
    );
    assert.equal(c.diagnostics.get(uri('data/big.yaml')), undefined);
    assert.ok(!c.diag(uri('app/checkout-vs.yaml')).some((d) => d.code === 'unknown-host'), 'checkout resolves to the last file indexed');
    for (const f of ['node_modules/pkg/vs.yaml', 'vendor/lib/vs.yaml', 'build/out/vs.yaml', 'generated/vs.yaml'])
      assert.equal(c.diagnostics.get(uri(f)), undefined, `${f} is not indexed`);
    assert.ok(
      c.logs.some((l) => /indexed \d+ files .*\(1501 YAML files without Kubernetes objects skipped\)/.test(l.message)),
      `the log counts the skipped files: ${c.logs.map((l) => l.message).join(' / ')}`,
    );
    // A file created on disk is picked up through workspace/didChangeWatchedFiles (no polling).
    write('teams/late.yaml', orphanVs('late'));
    await c.conn.sendNotification(rpc.DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('teams/late.yaml'), type: rpc.FileChangeType.Created }] });
    await c.waitFor(() => c.diag(uri('teams/late.yaml')).some((d) => d.code === 'unknown-host'), 20000, 'the new file is analyzed');
    // ... but not in a git-ignored folder (checked by the file's own URI, then by a later event that does get analyzed).
    write('build/late.yaml', orphanVs('late-ignored'));
    write('teams/later.yaml', orphanVs('later'));
    await c.conn.sendNotification(rpc.DidChangeWatchedFilesNotification.type, {
      changes: [
        { uri: uri('build/late.yaml'), type: rpc.FileChangeType.Created },
        { uri: uri('teams/later.yaml'), type: rpc.FileChangeType.Created },
      ],
    });
    await c.waitFor(() => c.diag(uri('teams/later.yaml')).some((d) => d.code === 'unknown-host'), 20000, 'the second new file is analyzed');
    assert.equal(c.diagnostics.get(uri('build/late.yaml')), undefined, 'a git-ignored file is not analyzed');
  } finally {
    await c.shutdown();
  }
});

test('big root: indexing can be cancelled from the client; the server keeps answering', async () => {
  const c = client();
  try {
    c.conn.onUnhandledProgress((p) => {
      c.events.push({ type: p.value.kind, token: p.token, value: p.value });
      if (p.value.kind === 'report' && !c.cancelSent) {
        c.cancelSent = true;
        void c.conn.sendNotification(rpc.WorkDoneProgressCancelNotification.type, { token: p.token });
      }
      for (const w of [...c.waiters]) if (w.check()) w.resolve();
    });
    await c.initialize({ window: { workDoneProgress: true } });
    await c.open(uri('app/checkout-vs.yaml'), opened);
    await c.waitFor(() => c.events.some((e) => e.type === 'end'), 60000, 'indexing to end');
    assert.ok(c.cancelSent);
    const stats = await c.request('meshLsp/indexStats', {});
    assert.ok(stats.files < KUBE, `cancelled early (${stats.files} files indexed)`);
    assert.ok(c.logs.some((l) => /indexing cancelled/.test(l.message)));
    // Open documents keep being analyzed, still without findings that depend on the unread files.
    await c.change(uri('app/checkout-vs.yaml'), 2, [{ text: opened.replace('weight: 30', 'weight: 20') }]);
    await c.waitFor(() => !c.diag(uri('app/checkout-vs.yaml')).some((d) => d.code === 'weights-not-100'), 20000, 'the edit to be analyzed');
    assert.ok(!c.diag(uri('app/checkout-vs.yaml')).some((d) => d.code === 'unknown-host'));
  } finally {
    await c.shutdown();
  }
});
