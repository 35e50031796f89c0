// The CLI and the language server read a workspace with one loader: on the same folder (nested
// .gitignore files, a re-included file, YAML without Kubernetes objects, UTF-8 with a BOM,
// UTF-16) the server publishes exactly the findings `meshlint` reports, at the same positions.
// A file created inside an excluded folder is skipped like the walk skips it.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { root } from '../helpers.mjs';
import { LspClient, rpc } from './client.mjs';

const dir = mkdtempSync(join(tmpdir(), 'mesh-loader-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const uri = (f) => pathToFileURL(join(dir, f)).href;
const write = (f, data) => {
  mkdirSync(join(dir, f, '..'), { recursive: true });
  writeFileSync(join(dir, f), data);
};
// A VirtualService on an old API version (a hint on line 1) whose host resolves nowhere (unknown-host).
const orphanVs = (name, apiVersion = 'networking.istio.io/v1') =>
  `apiVersion: ${apiVersion}\nkind: VirtualService\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n  hosts: [${name}-missing]\n  http:\n  - route:\n    - destination:\n        host: ${name}-missing\n`;

mkdirSync(join(dir, '.git'));
write('.gitignore', 'gen/\n*.local.yaml\n');
write('apps/plain.yaml', orphanVs('plain'));
write('apps/bom.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(orphanVs('bom', 'networking.istio.io/v1alpha3'))]));
write('apps/utf16.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(orphanVs('utf16', 'networking.istio.io/v1beta1'), 'utf16le')]));
write('apps/dev.local.yaml', orphanVs('ignored-by-suffix'));
write('gen/vs.yaml', orphanVs('ignored-folder'));
write('apps/sub/.gitignore', 'skipped.yaml\n!keep.local.yaml\n');
write('apps/sub/keep.local.yaml', orphanVs('re-included'));
write('apps/sub/skipped.yaml', orphanVs('ignored-nested'));
write('apps/sub/kept.yaml', orphanVs('kept'));
write('ci/workflow.yaml', 'name: build\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n');

const key = (file, line, column, rule) => `${file}:${line}:${column} ${rule}`;

function cliFindings() {
  const r = spawnSync(process.execPath, [join(root, 'bin/meshlint.js'), '-f', 'json', '--min-severity', 'hint', '.'], { cwd: dir, encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return JSON.parse(r.stdout)
    .map((f) => key(f.file, f.line, f.column, f.rule))
    .sort();
}

function serverFindings(c) {
  const out = [];
  for (const [u, diagnostics] of c.diagnostics) {
    const file = relative(dir, fileURLToPath(u)).split('\\').join('/');
    for (const d of diagnostics) out.push(key(file, d.range.start.line + 1, d.range.start.character + 1, d.code));
  }
  return out.sort();
}

test('the server indexes a folder as meshlint reads it: same files, same findings, same positions', async () => {
  const expected = cliFindings();
  const files = [...new Set(expected.map((k) => k.split(':')[0]))].sort();
  assert.deepEqual(
    files,
    ['apps/bom.yaml', 'apps/plain.yaml', 'apps/sub/keep.local.yaml', 'apps/sub/kept.yaml', 'apps/utf16.yaml'],
    'meshlint reads the expected files',
  );
  assert.ok(expected.includes(key('apps/bom.yaml', 1, 13, 'api-version-upgrade')), `the BOM is not a column: ${expected.join(', ')}`);
  assert.ok(expected.includes(key('apps/utf16.yaml', 1, 13, 'api-version-upgrade')), 'UTF-16 is decoded');

  const c = new LspClient({ rootPath: dir });
  c.conn.onRequest(rpc.ConfigurationRequest.type, (p) =>
    p.items.map((i) => (i.section === 'files' ? { exclude: { '**/generated': true } } : i.section === 'meshLsp' ? {} : null)),
  );
  try {
    await c.initialize();
    // Wait for the server to publish the same findings (on a timeout, the comparison shows the difference).
    await c.waitFor(() => serverFindings(c).join('\n') === expected.join('\n'), 30000, 'the findings of meshlint').catch(() => undefined);
    assert.deepEqual(serverFindings(c), expected);

    // A file created inside a folder that files.exclude skips (**/generated) is not analyzed; the
    // next event's file is, so the first one has been considered by then.
    write('generated/deep/vs.yaml', orphanVs('in-excluded-folder'));
    write('apps/late.yaml', orphanVs('late'));
    await c.conn.sendNotification(rpc.DidChangeWatchedFilesNotification.type, {
      changes: [
        { uri: uri('generated/deep/vs.yaml'), type: rpc.FileChangeType.Created },
        { uri: uri('apps/late.yaml'), type: rpc.FileChangeType.Created },
      ],
    });
    await c.waitFor(() => c.diag(uri('apps/late.yaml')).some((d) => d.code === 'unknown-host'), 20000, 'apps/late.yaml to be analyzed');
    assert.equal(c.diagnostics.get(uri('generated/deep/vs.yaml')), undefined, 'a file in an excluded folder is not analyzed');
  } finally {
    await c.shutdown();
  }
});
