// The playground's file paths from share links (web/src/paths.ts) and the downloads made from
// them, in Node; and the headers the playground is served with (scripts/web-serve.mjs).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { SECURITY_HEADERS, serveStatic } from '../../scripts/web-serve.mjs';
import { loadWebModule } from './site.mjs';

const paths = await loadWebModule('paths');
const zipMod = await loadWebModule('zip');
const share = await loadWebModule('share');

const crb =
  'x.yaml\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: owned\nroleRef: {kind: ClusterRole, name: cluster-admin}';

test('checkPath: typed names are relative, plain and without control characters', () => {
  assert.deepEqual(paths.checkPath(' dir/a.yaml '), { path: 'dir/a.yaml' });
  assert.deepEqual(paths.checkPath('/a.yaml'), { path: 'a.yaml' });
  for (const [bad, why] of [
    ['a\nb.yaml', /control characters/],
    ['a\u2028b.yaml', /control characters/],
    ['a\u202eb.yaml', /control characters/],
    ['../../../.bashrc', /"\.\." segment/],
    ['dir/../../x.yaml', /"\.\." segment/],
    ['..\\..\\x.yaml', /"\.\." segment/],
    ['C:/Windows/x.yaml', /no leading "\/" or drive/],
    ['dir\\x.yaml', /"\\" is not allowed/],
    ['dir//x.yaml', /empty or "\." folder/],
    ['./x.yaml', /empty or "\." folder/],
    ['   ', /empty/],
  ])
    assert.match(paths.checkPath(bad).error ?? 'accepted', why, JSON.stringify(bad));
});

test('safeFiles: unusable or repeated paths are renamed (never dropped), with a note each', () => {
  const files = [
    { path: 'a.yaml', text: 'a' },
    { path: '/a.yaml', text: 'b' },
    { path: crb, text: 'c' },
    { path: '../../../.bashrc', text: 'd' },
    { path: 'ok/b.yaml', text: 'e' },
    { path: '..', text: 'f' },
    { path: 'a-2.yaml', text: 'g' },
  ];
  const r = paths.safeFiles(files);
  assert.deepEqual(
    r.files.map((f) => f.path),
    [
      'a.yaml',
      'a-2.yaml',
      'x.yaml_apiVersion: rbac.authorization.k8s.io/v1_kind: ClusterRoleBinding_metadata:_  name: owned_roleRef: {kind: ClusterRole, name: cluster-admin}',
      '.bashrc',
      'ok/b.yaml',
      'file.yaml',
      'a-2-2.yaml',
    ],
  );
  assert.deepEqual(
    r.files.map((f) => f.text),
    ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
  );
  assert.equal(r.notes.length, 5);
  assert.match(r.notes[0], /^"\/a\.yaml" opened as a-2\.yaml: paths are relative/);
  assert.match(r.notes[1], /^"x\.yaml\\napiVersion.* opened as x\.yaml_apiVersion.*: control characters/);
  assert.match(r.notes[2], /^"\.\.\/\.\.\/\.\.\/\.bashrc" opened as \.bashrc: a "\.\." segment/);
  assert.match(r.notes[4], /^"a-2\.yaml" opened as a-2-2\.yaml: a file of that name came before/);
  assert.equal(r.renamed.get('/a.yaml'), 'a-2.yaml');
  // Usable paths are kept as they are, object and all.
  const fine = [
    { path: 'a.yaml', text: '' },
    { path: 'dir/b.yml', text: '' },
  ];
  const same = paths.safeFiles(fine);
  assert.equal(same.files[0], fine[0]);
  assert.deepEqual(same.notes, []);
  // Every result is usable and unique.
  for (const f of r.files) assert.ok('path' in paths.checkPath(f.path), f.path);
  assert.equal(new Set(r.files.map((f) => f.path)).size, r.files.length);
});

test('Download .yaml: a path never adds YAML of its own; Download .zip: entries stay inside the folder', () => {
  const files = [
    { path: crb, text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n' },
    { path: '../../../.bashrc', text: 'echo owned\n' },
    { path: '/etc/cron.d/x.yaml', text: 'kind: x\n' },
  ];
  const yaml = zipMod.multiDocument(files);
  const docs = parseAllDocuments(yaml).map((d) => d.toJS());
  assert.deepEqual(
    docs.map((d) => d?.kind ?? null),
    ['ConfigMap', null, 'x'],
  );
  assert.doesNotMatch(yaml, /^kind: ClusterRoleBinding/m);
  // The zip's entry names (local headers and central directory).
  const z = Buffer.from(zipMod.zip(files));
  const names = [];
  for (let i = 0; i + 46 <= z.length; i++)
    if (z.readUInt32LE(i) === 0x02014b50) {
      const n = z.readUInt16LE(i + 28);
      names.push(z.subarray(i + 46, i + 46 + n).toString('utf8'));
    }
  assert.equal(names.length, 3);
  for (const n of names) {
    assert.doesNotMatch(n, /(^|\/)\.\.(\/|$)|^\/|\n/, n);
    assert.ok('path' in paths.checkPath(n), n);
  }
  assert.deepEqual(names.slice(1), ['.bashrc', 'etc/cron.d/x.yaml']);
});

test('a share link with a.yaml and /a.yaml decodes, and the two become two files', () => {
  const hash = `#state=${Buffer.from(
    JSON.stringify({
      files: [
        { path: 'a.yaml', text: '1' },
        { path: '/a.yaml', text: '2' },
      ],
      active: '/a.yaml',
    }),
  ).toString('base64url')}`;
  const s = share.decodeState(hash);
  const r = paths.safeFiles(s.files);
  assert.deepEqual(
    r.files.map((f) => f.path),
    ['a.yaml', 'a-2.yaml'],
  );
  assert.equal(r.renamed.get(s.active), 'a-2.yaml');
});

test('the playground server sends frame-ancestors, X-Frame-Options and nosniff with every response', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-web-serve-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  const server = await serveStatic(dir, 0);
  try {
    const get = (path, method = 'GET') =>
      new Promise((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: server.address().port, path, method }, (res) => {
          res.resume();
          res.on('end', () => resolve(res));
        });
        req.on('error', reject);
        req.end();
      });
    for (const [path, method, status] of [
      ['/', 'GET', 200],
      ['/index.html', 'HEAD', 200],
      ['/missing.js', 'GET', 404],
      ['/', 'POST', 405],
    ]) {
      const res = await get(path, method);
      assert.equal(res.statusCode, status, `${method} ${path}`);
      assert.equal(res.headers['content-security-policy'], "frame-ancestors 'none'");
      assert.equal(res.headers['x-frame-options'], 'DENY');
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
    }
    assert.deepEqual(Object.keys(SECURITY_HEADERS).sort(), ['content-security-policy', 'x-content-type-options', 'x-frame-options']);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
