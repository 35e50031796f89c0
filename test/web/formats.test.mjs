// The playground's share-link format and its downloads (web/src/share.ts, web/src/zip.ts), in Node.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadWebModule } from './site.mjs';

const share = await loadWebModule('share');
const zipMod = await loadWebModule('zip');

test('share links: #state= base64url without padding of UTF-8 JSON, read back', () => {
  const state = {
    files: [
      { path: 'a.yaml', text: 'kind: VirtualService\n# café ✓ \u00a0nbsp\n' },
      { path: 'dir/b.yaml', text: '' },
    ],
    active: 'dir/b.yaml',
  };
  const hash = share.encodeState(state);
  assert.match(hash, /^state=[A-Za-z0-9_-]+$/);
  const b64 = hash.slice('state='.length);
  // Exactly what another tool would produce: Node's base64url (RFC 4648 §5, no padding).
  assert.equal(b64, Buffer.from(JSON.stringify(state), 'utf8').toString('base64url'));
  assert.deepEqual(share.decodeState(`#${hash}`), state);
  // Padded input and a missing "active" are accepted.
  const padded = Buffer.from(JSON.stringify({ files: [{ path: 'x.yaml', text: 'a' }] }))
    .toString('base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
  assert.deepEqual(share.decodeState(`#state=${padded}`), { files: [{ path: 'x.yaml', text: 'a' }], active: undefined });
});

test('share links: bad input gives a reason, other fragments are not ours', () => {
  assert.equal(share.decodeState('#section-2'), undefined);
  assert.match(share.decodeState('#state=!!!').error ?? '', /not base64url|does not|state/);
  assert.match(share.decodeState(`#state=${Buffer.from('{"nofiles":1}').toString('base64url')}`).error, /"files"/);
  assert.match(share.decodeState(`#state=${Buffer.from([0xff, 0xfe, 0x7b]).toString('base64url')}`).error, /UTF-8/);
  // Empty and repeated paths are dropped.
  const s = share.decodeState(
    '#state=' +
      Buffer.from(
        JSON.stringify({
          files: [
            { path: 'a', text: '1' },
            { path: 'a', text: '2' },
            { path: ' ', text: '3' },
          ],
        }),
      ).toString('base64url'),
  );
  assert.deepEqual(s.files, [{ path: 'a', text: '1' }]);
});

test('zip: store-only archive with CRC-32 and UTF-8 names that unzip tools read', () => {
  assert.equal(zipMod.crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
  const files = [
    { path: 'vs.yaml', text: 'kind: VirtualService\n' },
    { path: 'dir/ü.yaml', text: 'x: 1\n' },
  ];
  const z = Buffer.from(zipMod.zip(files, new Date(2024, 0, 2, 3, 4, 6)));
  // End of central directory: 2 entries; walk the central directory and check each local entry.
  const eocd = z.length - 22;
  assert.equal(z.readUInt32LE(eocd), 0x06054b50);
  assert.equal(z.readUInt16LE(eocd + 10), 2);
  let p = z.readUInt32LE(eocd + 16);
  for (const f of files) {
    assert.equal(z.readUInt32LE(p), 0x02014b50);
    const nameLen = z.readUInt16LE(p + 28);
    assert.equal(z.subarray(p + 46, p + 46 + nameLen).toString('utf8'), f.path);
    const local = z.readUInt32LE(p + 42);
    assert.equal(z.readUInt32LE(local), 0x04034b50);
    assert.equal(z.readUInt16LE(local + 8), 0, 'stored');
    const size = z.readUInt32LE(local + 18);
    const data = z.subarray(local + 30 + z.readUInt16LE(local + 26), local + 30 + z.readUInt16LE(local + 26) + size);
    assert.equal(data.toString('utf8'), f.text);
    assert.equal(z.readUInt32LE(local + 14), zipMod.crc32(data));
    p += 46 + nameLen;
  }
});

test('multi-document download: one stream, each file introduced by a comment', () => {
  const out = zipMod.multiDocument([
    { path: 'a.yaml', text: '---\nkind: A\n' },
    { path: 'b.yaml', text: 'kind: B' },
  ]);
  assert.equal(out, '---\n# file: a.yaml\nkind: A\n---\n# file: b.yaml\nkind: B\n');
});
