/**
 * The toolbar and the workspace's life in the browser: examples, fix all, share links,
 * downloads, and the session kept in localStorage (restored on reload).
 */
import { EXAMPLES, type Example } from './examples';
import { addFile, byUri, currentState, loadState } from './files';
import { request } from './rpc';
import { decodeState, encodeState } from './share';
import { $, flash } from './ui';
import { multiDocument, zip } from './zip';

const STORAGE_KEY = 'mesh-lsp.playground';

/** The link the workspace was last loaded from or shared as, and the pending save. */
const saved = {
  hash: '',
  timer: undefined as number | undefined,
};

export function scheduleSave(): void {
  // Once edited, the workspace is no longer the one in the link: a reload restores the edits.
  if (location.hash.startsWith('#state=')) {
    history.replaceState(null, '', location.pathname + location.search);
    saved.hash = '';
  }
  clearTimeout(saved.timer);
  saved.timer = window.setTimeout(() => {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(currentState()));
    } catch {}
  }, 500);
}

async function fixAll(): Promise<void> {
  const r: { applied: number; files: { uri: string; text: string }[] } = await request('fixAll', {});
  for (const { uri, text } of r.files) {
    const f = byUri(uri);
    if (!f) continue;
    // One undoable edit per file; the worker already has this text, so the echo is a no-op there.
    f.model.pushEditOperations([], [{ range: f.model.getFullModelRange(), text }], () => null);
  }
  flash(
    r.applied
      ? `Applied ${r.applied} fix${r.applied === 1 ? '' : 'es'} in ${r.files.length} file${r.files.length === 1 ? '' : 's'}.`
      : 'Nothing to fix automatically.',
  );
}

function download(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function shareLink(): string {
  const hash = `#${encodeState(currentState())}`;
  history.replaceState(null, '', hash);
  saved.hash = location.hash;
  return location.href;
}

const select = () => $('examples') as HTMLSelectElement;

function loadExample(ex: Example): void {
  loadState({ files: ex.files.map((f) => ({ ...f })), active: ex.active });
  select().value = ex.id;
  history.replaceState(null, '', location.pathname + location.search);
  saved.hash = '';
  scheduleSave();
}

function fromHash(): boolean {
  if (location.hash === saved.hash) return false;
  saved.hash = location.hash;
  const s = decodeState(location.hash);
  if (!s) return false;
  if ('error' in s) {
    flash(s.error);
    return false;
  }
  loadState(s);
  return true;
}

/** Wire the toolbar's buttons. */
export function initToolbar(): void {
  for (const ex of EXAMPLES) {
    const o = document.createElement('option');
    o.value = ex.id;
    o.textContent = ex.title;
    select().append(o);
  }
  $('load-example').addEventListener('click', () => {
    const ex = EXAMPLES.find((x) => x.id === select().value);
    if (ex) loadExample(ex);
  });
  $('add-file').addEventListener('click', addFile);
  $('fix-all').addEventListener('click', () => void fixAll());
  $('share').addEventListener('click', async () => {
    const url = shareLink();
    const out = $('share-url') as HTMLInputElement;
    out.value = url;
    out.hidden = false;
    out.select();
    try {
      await navigator.clipboard.writeText(url);
      flash(`Link copied (${url.length.toLocaleString()} characters).`);
    } catch {
      flash('Link ready: copy it from the field.');
    }
  });
  $('download-yaml').addEventListener('click', () => download('workspace.yaml', multiDocument(currentState().files), 'application/yaml'));
  $('download-zip').addEventListener('click', () => download('workspace.zip', zip(currentState().files) as BlobPart, 'application/zip'));
  $('show-traffic').addEventListener('click', () => $('side').scrollIntoView());
  window.addEventListener('hashchange', () => fromHash());
}

/** Start: a shared link, else the last session in this browser, else an example. */
export function startSession(): void {
  if (fromHash()) return;
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (stored?.files?.length) {
      loadState(stored);
      return;
    }
  } catch {}
  loadExample(EXAMPLES.find((e) => e.id === 'canary')!);
}
