/**
 * The open files: one monaco model per file, the one in the editor, and what the worker is told
 * when they change (every edit is sent as the file's whole text, with a sequence number).
 */
import { MARKER_OWNER, monaco } from './monaco';
import { checkPath, safeFiles } from './paths';
import type { PageDiagnostic } from './protocol';
import { nextSeq, post } from './rpc';
import type { SharedState } from './share';

export interface FileState {
  path: string;
  model: monaco.editor.ITextModel;
  diagnostics: PageDiagnostic[];
}

/** What the rest of the page does when the files change. */
export interface FileHooks {
  /** The list of files, or the one open, changed. */
  listChanged(): void;
  /** A file was removed: its problems go. */
  problemsChanged(): void;
  /** Another file, or none, is in the editor. */
  opened(): void;
  /** The workspace was edited (to be saved in the browser). */
  edited(): void;
  flash(text: string): void;
}

/** The page's files, the one in the editor, and each one's scroll and cursor to restore. */
export const session = {
  files: [] as FileState[],
  active: undefined as FileState | undefined,
  viewStates: new Map<string, monaco.editor.ICodeEditorViewState | null>(),
  /** The file the last edit was typed in ('' once its diagnostics arrived). */
  lastEdited: '',
};

let editor: monaco.editor.IStandaloneCodeEditor;
let hooks: FileHooks;
// Set while models are created from a loaded state: their texts go to the worker in one reset.
let suppressSync = false;

export function initFiles(e: monaco.editor.IStandaloneCodeEditor, h: FileHooks): void {
  editor = e;
  hooks = h;
}

export const byUri = (uri: string) => session.files.find((f) => f.model.uri.toString() === uri);
export const byPath = (path: string) => session.files.find((f) => f.path === path);
const uriOf = (path: string) => monaco.Uri.from({ scheme: 'file', path: `/${path.replace(/^\/+/, '')}` });

function addModel(path: string, text: string): FileState {
  const model = monaco.editor.createModel(text, 'yaml', uriOf(path));
  const f: FileState = { path, model, diagnostics: [] };
  model.onDidChangeContent(() => {
    if (suppressSync) return;
    sendText(f);
    hooks.edited();
  });
  session.files.push(f);
  return f;
}

function sendText(f: FileState): void {
  session.lastEdited = f.model.uri.toString();
  post({ t: 'set', seq: nextSeq(), uri: f.model.uri.toString(), text: f.model.getValue() });
}

function dropMarkers(f: FileState): void {
  monaco.editor.setModelMarkers(f.model, MARKER_OWNER, []);
}

/** Replace every file with those of a link, an example or the stored session. */
export function loadState(raw: SharedState): void {
  // A link's (or the stored session's) paths are anyone's text: renamed where unusable, and said so.
  const safe = safeFiles(raw.files);
  const state: SharedState = { files: safe.files, active: raw.active === undefined ? undefined : (safe.renamed.get(raw.active) ?? raw.active) };
  editor.setModel(null);
  for (const f of session.files) {
    dropMarkers(f);
    f.model.dispose();
  }
  session.files.length = 0;
  session.viewStates.clear();
  suppressSync = true;
  for (const f of state.files) addModel(f.path, f.text);
  suppressSync = false;
  post({ t: 'reset', seq: nextSeq(), files: session.files.map((f) => ({ uri: f.model.uri.toString(), text: f.model.getValue() })) });
  open((state.active && byPath(state.active)) || session.files[0]);
  hooks.listChanged();
  if (safe.notes.length) hooks.flash(`Renamed ${safe.notes.length === 1 ? 'a file' : `${safe.notes.length} files`}: ${safe.notes.join('; ')}`);
}

export function currentState(): SharedState {
  return { files: session.files.map((f) => ({ path: f.path, text: f.model.getValue() })), active: session.active?.path };
}

/** Show a file in the editor (at `position`, else where it was left). */
export function open(f: FileState | undefined, position?: monaco.IPosition): void {
  const { active, viewStates } = session;
  if (active && editor.getModel() === active.model) viewStates.set(active.path, editor.saveViewState());
  session.active = f;
  editor.setModel(f ? f.model : null);
  if (f) {
    const vs = viewStates.get(f.path);
    if (vs && !position) editor.restoreViewState(vs);
    if (position) {
      editor.setPosition(position);
      editor.revealPositionInCenterIfOutsideViewport(position);
    }
  }
  (document.getElementById('editor-empty') as HTMLElement).hidden = !!f;
  hooks.listChanged();
  hooks.opened();
}

function validName(name: string, except?: FileState): string | undefined {
  if (!name.trim()) return undefined;
  const checked = checkPath(name);
  if ('error' in checked) {
    alert(`Not a usable file name: ${checked.error}.`);
    return undefined;
  }
  const n = checked.path;
  if (session.files.some((f) => f !== except && f.path === n)) {
    alert(`A file named ${n} already exists.`);
    return undefined;
  }
  return n;
}

export function addFile(): void {
  let i = session.files.length + 1;
  while (byPath(`new-${i}.yaml`)) i++;
  const name = prompt('New file name:', `new-${i}.yaml`);
  const n = name === null ? undefined : validName(name);
  if (!n) return;
  const f = addModel(n, '');
  sendText(f);
  open(f);
  editor.focus();
  hooks.edited();
}

export function renameFile(f: FileState): void {
  const name = prompt('Rename file to:', f.path);
  const n = name === null ? undefined : validName(name, f);
  if (!n || n === f.path) return;
  const old = f.model;
  post({ t: 'remove', seq: nextSeq(false), uri: old.uri.toString() });
  dropMarkers(f);
  const wasActive = session.active === f;
  const text = old.getValue();
  const idx = session.files.indexOf(f);
  const nf = addModel(n, text);
  session.files.pop();
  session.files.splice(idx, 1, nf);
  sendText(nf);
  if (wasActive) open(nf);
  old.dispose();
  hooks.listChanged();
  hooks.edited();
}

export function deleteFile(f: FileState): void {
  if (!confirm(`Delete ${f.path}?`)) return;
  const { files } = session;
  const i = files.indexOf(f);
  files.splice(i, 1);
  post({ t: 'remove', seq: nextSeq(false), uri: f.model.uri.toString() });
  if (session.active === f) open(files[Math.min(i, files.length - 1)]);
  dropMarkers(f);
  f.model.dispose();
  hooks.listChanged();
  hooks.problemsChanged();
  hooks.edited();
}

/** A batch of findings from the worker: each file keeps them and shows them as markers. */
export function showDiagnostics(batch: { uri: string; diagnostics: PageDiagnostic[] }[], toMarker: (d: PageDiagnostic) => monaco.editor.IMarkerData): void {
  for (const { uri, diagnostics } of batch) {
    const f = byUri(uri);
    if (!f) continue;
    f.diagnostics = diagnostics;
    monaco.editor.setModelMarkers(f.model, MARKER_OWNER, diagnostics.map(toMarker));
  }
}
