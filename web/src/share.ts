/**
 * Share links: `#state=` + base64url (RFC 4648 §5, no padding) of the UTF-8 JSON
 * `{"files":[{"path":"a.yaml","text":"..."}],"active":"a.yaml"}`.
 */
export interface SharedState {
  files: { path: string; text: string }[];
  active?: string;
}

export function base64urlEncode(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64urlDecode(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function encodeState(state: SharedState): string {
  return `state=${base64urlEncode(new TextEncoder().encode(JSON.stringify(state)))}`;
}

/** The state in a location hash (`#state=...`), or an error message saying why it cannot be read. */
export function decodeState(hash: string): SharedState | { error: string } | undefined {
  const m = /^#?state=(.*)$/s.exec(hash.trim());
  if (!m) return undefined;
  let json: unknown;
  try {
    if (!/^[A-Za-z0-9_-]*=*$/.test(m[1])) throw new Error('characters outside the base64url alphabet');
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(base64urlDecode(m[1])));
  } catch (e) {
    return { error: `The link's state is not base64url-encoded UTF-8 JSON (${(e as Error).message}).` };
  }
  const s = json as SharedState;
  if (!s || !Array.isArray(s.files) || !s.files.every((f) => f && typeof f.path === 'string' && typeof f.text === 'string'))
    return { error: 'The link\'s state has no "files" list of {"path","text"}.' };
  const seen = new Set<string>();
  const files = s.files.filter((f) => f.path.trim() && !seen.has(f.path) && seen.add(f.path));
  return { files, active: typeof s.active === 'string' ? s.active : undefined };
}
