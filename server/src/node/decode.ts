/**
 * Node-only: decoding the bytes of a YAML file, shared by the CLI and the language server: UTF-8
 * (with or without a BOM), UTF-16 or UTF-32 with a BOM, as YAML allows; the encoding is kept so a
 * fixed file is written back the same way (`encode`).
 * - `decode`: the text and its encoding, or a `DecodeError` for bytes that are not text.
 * - `decodeForLint`: the text of a file, or why it cannot be analysed (the file-unreadable finding).
 * - `decodeLenient`: the text for indexing, invalid bytes replaced.
 */
import { LOOKS_KUBERNETES } from '../service/text';

/** How a file was encoded, so a fixed file is written back the same way. */
export interface Encoding {
  name: 'utf8' | 'utf16le' | 'utf16be' | 'utf32le' | 'utf32be';
  bom: boolean;
}

/** Bytes that are not YAML text (binary data, invalid or truncated text). */
export class DecodeError extends Error {
  constructor(
    label: string,
    /** What is wrong with the bytes, without the file's name. */
    readonly reason: string,
  ) {
    super(`${label}: ${reason}`);
  }
}

/** Decode YAML bytes: UTF-8 (with or without a BOM), UTF-16 and UTF-32 with a BOM, as YAML allows. Throws DecodeError for binary data. */
export function decode(buf: Buffer, label: string): { text: string; encoding: Encoding } {
  const b = buf;
  let enc: Encoding = { name: 'utf8', bom: false };
  let body = b;
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) enc = { name: 'utf32le', bom: true };
  else if (b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) enc = { name: 'utf32be', bom: true };
  else if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) enc = { name: 'utf16le', bom: true };
  else if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) enc = { name: 'utf16be', bom: true };
  else if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) enc = { name: 'utf8', bom: true };
  let text: string;
  if (enc.name === 'utf8') {
    body = enc.bom ? b.subarray(3) : b;
    if (body.includes(0)) throw new DecodeError(label, 'not a text file (it contains NUL bytes)');
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      throw new DecodeError(label, 'not UTF-8 text, and no UTF-16/UTF-32 byte order mark');
    }
  } else if (enc.name === 'utf16le' || enc.name === 'utf16be') {
    body = b.subarray(2);
    if (body.length % 2) throw new DecodeError(label, 'truncated UTF-16 text');
    const le = enc.name === 'utf16le' ? Buffer.from(body) : Buffer.from(body).swap16();
    text = le.toString('utf16le');
  } else {
    body = b.subarray(4);
    if (body.length % 4) throw new DecodeError(label, 'truncated UTF-32 text');
    const cps: number[] = [];
    for (let i = 0; i < body.length; i += 4) cps.push(enc.name === 'utf32le' ? body.readUInt32LE(i) : body.readUInt32BE(i));
    try {
      text = String.fromCodePoint(...cps);
    } catch {
      throw new DecodeError(label, 'invalid UTF-32 text');
    }
  }
  return { text, encoding: enc };
}

/**
 * Decode a file for linting: its text, or why it cannot be analysed. Bytes that are not text
 * and do not look like Kubernetes either (a git-crypt encrypted or binary file with a .yaml name)
 * are read leniently, to be ignored quietly as any YAML without Kubernetes objects is; a file with a
 * UTF-16/UTF-32 byte order mark is meant as text and is always reported.
 */
export function decodeForLint(buf: Buffer, label: string): { text: string; encoding?: Encoding } | { unreadable: string } {
  try {
    return decode(buf, label);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    const bom = buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff));
    const lenient = buf.toString('utf8');
    return bom || LOOKS_KUBERNETES.test(lenient) ? { unreadable: e.reason } : { text: lenient };
  }
}

/** Decode for indexing: as `decode`, but bytes that are not clean text are read as UTF-8 (invalid sequences replaced). */
export function decodeLenient(buf: Buffer): string {
  try {
    return decode(buf, '').text;
  } catch {
    return buf.toString('utf8');
  }
}

/** Encode a text the way it was read. */
export function encode(text: string, enc: Encoding): Buffer {
  switch (enc.name) {
    case 'utf8':
      return Buffer.from((enc.bom ? '\uFEFF' : '') + text, 'utf8');
    case 'utf16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf16be':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    default: {
      const cps = [...text].map((c) => c.codePointAt(0)!);
      const out = Buffer.alloc(4 + cps.length * 4);
      if (enc.name === 'utf32le') {
        out.writeUInt32LE(0xfeff, 0);
        cps.forEach((c, i) => {
          out.writeUInt32LE(c, 4 + i * 4);
        });
      } else {
        out.writeUInt32BE(0xfeff, 0);
        cps.forEach((c, i) => {
          out.writeUInt32BE(c, 4 + i * 4);
        });
      }
      return out;
    }
  }
}
