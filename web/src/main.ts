/**
 * The playground page: monaco-editor with monaco-yaml (schema hover and key completion from schemas/)
 * and the mesh-lsp core in a Web Worker (mesh.worker.js) for everything Istio-aware. The page keeps
 * the models and the UI; the worker keeps the workspace index and answers requests.
 */
import * as monaco from 'monaco-editor/esm/vs/editor/edcore.main.js';
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js';
import { SCHEMAS } from 'mesh-web:schemas';
import { configureMonacoYaml } from 'monaco-yaml';
import type { Diagnostic } from '../../server/src/service/index';
import { EXAMPLES, type Example } from './examples';
import { checkPath, safeFiles } from './paths';
import type { CodeAction, FromWorker, PlaygroundMethod, ToWorker, TrafficView } from './protocol';
import { decodeState, encodeState, type SharedState } from './share';
import { renderTraffic } from './traffic';
import { multiDocument, zip } from './zip';
import './style.css';

(self as any).MonacoEnvironment = {
  getWorker(_: string, label: string) {
    return new Worker(label === 'yaml' ? './yaml.worker.js' : './editor.worker.js');
  },
};

// editor.main.js of monaco-editor 0.54 adapts createWebWorker({ moduleId, label, createData }) (the form
// monaco-yaml uses) to a worker from MonacoEnvironment.getWorker; we bundle edcore.main.js (no other
// languages), so the same adapter is here.
const coreCreateWebWorker = monaco.editor.createWebWorker;
(monaco.editor as any).createWebWorker = (opts: any) => {
  if (opts.worker !== undefined) return coreCreateWebWorker(opts);
  const worker = Promise.resolve((self as any).MonacoEnvironment.getWorker('workerMain.js', opts.label ?? 'monaco-editor-worker')).then((w: Worker) => {
    w.postMessage('ignore');
    w.postMessage(opts.createData);
    return w;
  });
  return coreCreateWebWorker({ worker, host: opts.host, keepIdleModels: opts.keepIdleModels } as any);
};

// Schema validation is left to the core (the same rules, tuning and quick fixes as the CLI);
// monaco-yaml gives schema hover and key completion. istio.json picks the schema by apiVersion/kind.
configureMonacoYaml(monaco as any, {
  enableSchemaRequest: false,
  validate: false,
  hoverSchemaSource: false,
  isKubernetes: true,
  schemas: SCHEMAS.map((s: any, i: number) => ({ uri: s.$id, schema: s, fileMatch: i === 0 ? ['*'] : [] })),
});

// monaco rejects superseded provider requests with a "Canceled" error; that is not a failure.
window.addEventListener('unhandledrejection', (e) => {
  if (e.reason?.name === 'Canceled' || e.reason?.message === 'Canceled') e.preventDefault();
});

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

// ------------------------------------------------------------------ worker

const worker = new Worker('./mesh.worker.js');
worker.addEventListener('error', (e) => flash(`The analysis worker failed: ${e.message || 'unknown error'}. Reload the page.`));
let seq = 0;
let reqId = 0;
const waiting = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
const sentAt = new Map<number, number>();
const post = (m: ToWorker) => worker.postMessage(m);

function request<T = any>(method: PlaygroundMethod, params: unknown): Promise<T> {
  const id = ++reqId;
  return new Promise<T>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    post({ t: 'req', id, method, params });
  });
}

// ------------------------------------------------------------------ files

interface FileState {
  path: string;
  model: monaco.editor.ITextModel;
  diagnostics: Diagnostic[];
}

const files: FileState[] = [];
let active: FileState | undefined;
const viewStates = new Map<string, monaco.editor.ICodeEditorViewState | null>();
let suppressSync = false;

const byUri = (uri: string) => files.find((f) => f.model.uri.toString() === uri);
const byPath = (path: string) => files.find((f) => f.path === path);
const uriOf = (path: string) => monaco.Uri.from({ scheme: 'file', path: `/${path.replace(/^\/+/, '')}` });

function addModel(path: string, text: string): FileState {
  const model = monaco.editor.createModel(text, 'yaml', uriOf(path));
  const f: FileState = { path, model, diagnostics: [] };
  model.onDidChangeContent(() => {
    if (suppressSync) return;
    sendText(f);
    scheduleSave();
  });
  files.push(f);
  return f;
}

let lastEdited = '';
function sendText(f: FileState): void {
  lastEdited = f.model.uri.toString();
  const s = ++seq;
  sentAt.set(s, performance.now());
  post({ t: 'set', seq: s, uri: f.model.uri.toString(), text: f.model.getValue() });
}

function loadState(raw: SharedState): void {
  // A link's (or the stored session's) paths are anyone's text: renamed where unusable, and said so.
  const safe = safeFiles(raw.files);
  const state: SharedState = { files: safe.files, active: raw.active === undefined ? undefined : (safe.renamed.get(raw.active) ?? raw.active) };
  editor.setModel(null);
  for (const f of files) {
    monaco.editor.setModelMarkers(f.model, 'mesh-lsp', []);
    f.model.dispose();
  }
  files.length = 0;
  viewStates.clear();
  suppressSync = true;
  for (const f of state.files) addModel(f.path, f.text);
  suppressSync = false;
  const s = ++seq;
  sentAt.set(s, performance.now());
  post({ t: 'reset', seq: s, files: files.map((f) => ({ uri: f.model.uri.toString(), text: f.model.getValue() })) });
  open((state.active && byPath(state.active)) || files[0]);
  renderFiles();
  if (safe.notes.length) flash(`Renamed ${safe.notes.length === 1 ? 'a file' : `${safe.notes.length} files`}: ${safe.notes.join('; ')}`);
}

function currentState(): SharedState {
  return { files: files.map((f) => ({ path: f.path, text: f.model.getValue() })), active: active?.path };
}

function open(f: FileState | undefined, position?: monaco.IPosition): void {
  if (active && editor.getModel() === active.model) viewStates.set(active.path, editor.saveViewState());
  active = f;
  editor.setModel(f ? f.model : null);
  if (f) {
    const vs = viewStates.get(f.path);
    if (vs && !position) editor.restoreViewState(vs);
    if (position) {
      editor.setPosition(position);
      editor.revealPositionInCenterIfOutsideViewport(position);
    }
  }
  $('editor-empty').hidden = !!f;
  renderFiles();
  refreshTraffic();
}

function validName(name: string, except?: FileState): string | undefined {
  if (!name.trim()) return undefined;
  const checked = checkPath(name);
  if ('error' in checked) {
    alert(`Not a usable file name: ${checked.error}.`);
    return undefined;
  }
  const n = checked.path;
  if (files.some((f) => f !== except && f.path === n)) {
    alert(`A file named ${n} already exists.`);
    return undefined;
  }
  return n;
}

function addFile(): void {
  let i = files.length + 1;
  while (byPath(`new-${i}.yaml`)) i++;
  const name = prompt('New file name:', `new-${i}.yaml`);
  const n = name === null ? undefined : validName(name);
  if (!n) return;
  const f = addModel(n, '');
  sendText(f);
  open(f);
  editor.focus();
  scheduleSave();
}

function renameFile(f: FileState): void {
  const name = prompt('Rename file to:', f.path);
  const n = name === null ? undefined : validName(name, f);
  if (!n || n === f.path) return;
  const old = f.model;
  const s = ++seq;
  post({ t: 'remove', seq: s, uri: old.uri.toString() });
  monaco.editor.setModelMarkers(old, 'mesh-lsp', []);
  const wasActive = active === f;
  const text = old.getValue();
  const idx = files.indexOf(f);
  const nf = addModel(n, text);
  files.pop();
  files.splice(idx, 1, nf);
  sendText(nf);
  if (wasActive) open(nf);
  old.dispose();
  renderFiles();
  scheduleSave();
}

function deleteFile(f: FileState): void {
  if (!confirm(`Delete ${f.path}?`)) return;
  const i = files.indexOf(f);
  files.splice(i, 1);
  post({ t: 'remove', seq: ++seq, uri: f.model.uri.toString() });
  if (active === f) open(files[Math.min(i, files.length - 1)]);
  monaco.editor.setModelMarkers(f.model, 'mesh-lsp', []);
  f.model.dispose();
  renderFiles();
  renderProblems();
  scheduleSave();
}

// ------------------------------------------------------------------ UI: file list, problems, traffic

function counts(f: FileState): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const d of f.diagnostics) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
  }
  return { errors, warnings };
}

function button(text: string, cls: string, label: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = cls;
  b.textContent = text;
  b.setAttribute('aria-label', label);
  b.title = label;
  b.addEventListener('click', onClick);
  return b;
}

function renderFiles(): void {
  const list = $('file-list');
  list.replaceChildren();
  for (const f of files) {
    const li = document.createElement('li');
    if (f === active) li.className = 'active';
    const { errors, warnings } = counts(f);
    const openB = button('', 'file-open', `Open ${f.path}`, () => {
      open(f);
      editor.focus();
    });
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = f.path;
    openB.append(name);
    openB.dataset.path = f.path;
    if (f === active) openB.setAttribute('aria-current', 'true');
    if (errors + warnings) {
      const badge = document.createElement('span');
      badge.className = `badge ${errors ? 'error' : 'warning'}`;
      badge.textContent = String(errors + warnings);
      badge.setAttribute('aria-label', `${errors} errors, ${warnings} warnings`);
      openB.append(badge);
    }
    li.append(
      openB,
      button('✎', 'icon', `Rename ${f.path}`, () => renameFile(f)),
      button('✕', 'icon', `Delete ${f.path}`, () => deleteFile(f)),
    );
    list.append(li);
  }
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2, hint: 3 } as const;

function renderProblems(): void {
  const list = $('problem-list');
  list.replaceChildren();
  let n = 0;
  const all: { f: FileState; d: Diagnostic }[] = [];
  for (const f of files) for (const d of f.diagnostics) all.push({ f, d });
  all.sort(
    (a, b) =>
      SEVERITY_ORDER[a.d.severity] - SEVERITY_ORDER[b.d.severity] || files.indexOf(a.f) - files.indexOf(b.f) || a.d.range.start.line - b.d.range.start.line,
  );
  for (const { f, d } of all) {
    n++;
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.className = `problem ${d.severity}`;
    const sev = document.createElement('span');
    sev.className = 'sev';
    sev.textContent = d.severity;
    const loc = document.createElement('span');
    loc.className = 'loc';
    const fileName = document.createElement('span');
    fileName.className = 'file';
    fileName.textContent = f.path;
    loc.append(fileName, `:${d.range.start.line + 1}`);
    const msg = document.createElement('span');
    msg.className = 'msg';
    msg.textContent = d.message;
    b.title = `${d.message} (${d.rule})`;
    const rule = document.createElement('span');
    rule.className = 'rule';
    rule.textContent = d.rule;
    b.append(sev, loc, msg, rule);
    b.addEventListener('click', () => {
      open(f, { lineNumber: d.range.start.line + 1, column: d.range.start.character + 1 });
      editor.focus();
    });
    li.append(b);
    list.append(li);
  }
  $('problem-count').textContent = String(n);
  if (!n) {
    const li = document.createElement('li');
    li.className = 'empty';
    li.textContent = 'No problems.';
    list.append(li);
  }
}

let trafficPending = false;
let trafficView: TrafficView | null = null;
function refreshTraffic(): void {
  if (trafficPending) return;
  trafficPending = true;
  requestAnimationFrame(async () => {
    trafficPending = false;
    const f = active;
    const pos = editor.getPosition();
    const view = f && pos ? await request<TrafficView | null>('traffic', { uri: f.model.uri.toString(), position: toLsp(pos) }) : null;
    trafficView = view;
    renderTraffic($('traffic'), view, (line) => {
      if (!view) return;
      const t = byUri(view.uri);
      if (t) open(t, { lineNumber: line + 1, column: 1 });
      editor.focus();
    });
  });
}

// ------------------------------------------------------------------ diagnostics from the worker

const latencies: number[] = [];
let lastBadges = '';
let appliedSeq = 0;
let lastAnalysisMs = 0;
let resourceCount = 0;
const lensChanged = new monaco.Emitter<monaco.languages.CodeLensProvider>();

const SEVERITY: Record<string, monaco.MarkerSeverity> = {
  error: monaco.MarkerSeverity.Error,
  warning: monaco.MarkerSeverity.Warning,
  info: monaco.MarkerSeverity.Info,
  hint: monaco.MarkerSeverity.Hint,
};

function toMarker(d: Diagnostic): monaco.editor.IMarkerData {
  return {
    severity: SEVERITY[d.severity],
    message: d.message,
    code: d.rule,
    source: 'mesh-lsp',
    startLineNumber: d.range.start.line + 1,
    startColumn: d.range.start.character + 1,
    endLineNumber: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    relatedInformation: d.related
      ?.map((r) => {
        const t = byUri(r.uri);
        if (!t) return undefined;
        const s = t.model.getPositionAt(r.start);
        const e = t.model.getPositionAt(r.end);
        return {
          resource: t.model.uri,
          message: r.message,
          startLineNumber: s.lineNumber,
          startColumn: s.column,
          endLineNumber: e.lineNumber,
          endColumn: e.column,
        };
      })
      .filter((x): x is NonNullable<typeof x> => !!x),
  };
}

worker.onmessage = (e: MessageEvent<FromWorker>) => {
  const m = e.data;
  if (m.t === 'res') {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.error) w?.reject(new Error(m.error));
    else w?.resolve(m.result);
    return;
  }
  for (const { uri, diagnostics } of m.files) {
    const f = byUri(uri);
    if (!f) continue;
    f.diagnostics = diagnostics;
    monaco.editor.setModelMarkers(f.model, 'mesh-lsp', diagnostics.map(toMarker));
  }
  const now = performance.now();
  for (const [s, t] of sentAt) {
    if (s > m.seq) continue;
    if (s === m.seq) latencies.push(now - t);
    sentAt.delete(s);
  }
  appliedSeq = m.seq;
  lastAnalysisMs = m.ms;
  resourceCount = m.resources;
  const badges = files.map((f) => `${f.path}:${counts(f).errors}:${counts(f).warnings}`).join('|');
  if (badges !== lastBadges) renderFiles();
  lastBadges = badges;
  renderProblems();
  refreshTraffic();
  // monaco asks again for the lenses of a file it edits; a change elsewhere (a DestinationRule's
  // subsets, a Deployment's labels) can change them too.
  const activeUri = active?.model.uri.toString();
  if (m.files.some((f) => f.uri === activeUri) && lastEdited !== activeUri) lensChanged.fire(lensProvider);
  lastEdited = '';
  $('status').textContent =
    `${files.length} file${files.length === 1 ? '' : 's'} · ${m.resources} resource${m.resources === 1 ? '' : 's'} · analyzed in ${Math.round(m.ms)} ms`;
};

// ------------------------------------------------------------------ monaco providers backed by the worker

const toLsp = (p: monaco.IPosition) => ({ line: p.lineNumber - 1, character: p.column - 1 });
type LspRange = { start: { line: number; character: number }; end: { line: number; character: number } };
const toRange = (r: LspRange) => new monaco.Range(r.start.line + 1, r.start.character + 1, r.end.line + 1, r.end.character + 1);
const fromRange = (r: monaco.IRange): LspRange => ({
  start: { line: r.startLineNumber - 1, character: r.startColumn - 1 },
  end: { line: r.endLineNumber - 1, character: r.endColumn - 1 },
});

monaco.languages.registerHoverProvider('yaml', {
  async provideHover(model, position) {
    const h = await request('hover', { uri: model.uri.toString(), position: toLsp(position) });
    if (!h) return null;
    return { contents: [{ value: h.contents.value }], range: h.range ? toRange(h.range) : undefined };
  },
});

monaco.languages.registerDefinitionProvider('yaml', {
  async provideDefinition(model, position) {
    const locs: { uri: string; range: LspRange }[] = await request('definition', { uri: model.uri.toString(), position: toLsp(position) });
    return locs.map((l) => ({ uri: monaco.Uri.parse(l.uri), range: toRange(l.range) }));
  },
});

// LSP CompletionItemKind → monaco's.
const KINDS: Record<number, monaco.languages.CompletionItemKind> = {
  10: monaco.languages.CompletionItemKind.Property,
  12: monaco.languages.CompletionItemKind.Value,
  14: monaco.languages.CompletionItemKind.Keyword,
  18: monaco.languages.CompletionItemKind.Reference,
  20: monaco.languages.CompletionItemKind.EnumMember,
};

monaco.languages.registerCompletionItemProvider('yaml', {
  triggerCharacters: [' ', ':', '[', '-'],
  async provideCompletionItems(model, position) {
    const items: { label: string; kind?: number; detail?: string; insertText?: string }[] = await request('completion', {
      uri: model.uri.toString(),
      position: toLsp(position),
    });
    const before = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
    const word = /[\w.*/-]*$/.exec(before)?.[0] ?? '';
    const range = new monaco.Range(position.lineNumber, position.column - word.length, position.lineNumber, position.column);
    return {
      suggestions: items.map((i) => ({
        label: i.label,
        kind: KINDS[i.kind ?? 0] ?? monaco.languages.CompletionItemKind.Text,
        detail: i.detail,
        insertText: i.insertText ?? i.label,
        range,
      })),
    };
  },
});

function toMonacoEdit(a: CodeAction): monaco.languages.WorkspaceEdit {
  const edits: monaco.languages.IWorkspaceTextEdit[] = [];
  for (const [uri, list] of Object.entries(a.edit.changes ?? {})) {
    const t = byUri(uri);
    if (!t) continue;
    for (const e of list) edits.push({ resource: t.model.uri, textEdit: { range: toRange(e.range), text: e.newText }, versionId: t.model.getVersionId() });
  }
  return { edits };
}

monaco.languages.registerCodeActionProvider(
  'yaml',
  {
    async provideCodeActions(model, range, context) {
      // The light bulb asks on every cursor move: answer it with quick fixes only; canary steps (each
      // one checked by re-parsing the edited file) are computed when the menu is opened (Ctrl+.).
      const auto = context.trigger === monaco.languages.CodeActionTriggerType.Auto;
      const only = context.only ? [context.only] : auto ? ['quickfix'] : undefined;
      const actions: CodeAction[] = await request('codeActions', { uri: model.uri.toString(), range: fromRange(range), only });
      return {
        actions: actions.map((a) => ({
          title: a.title,
          kind: a.kind,
          isPreferred: a.isPreferred,
          diagnostics: context.markers.filter((mk) =>
            a.diagnostics.some((d) => mk.code === d.rule && mk.startLineNumber === d.line + 1 && mk.startColumn === d.character + 1),
          ),
          edit: toMonacoEdit(a),
        })),
        dispose() {},
      };
    },
  },
  { providedCodeActionKinds: ['quickfix', 'refactor.rewrite'] },
);

// Every lens is a view zone that monaco moves on each edit: in a file with hundreds of routes and
// subsets that costs more than the analysis, so large files get the lenses around the viewport
// only (recomputed as it scrolls).
const LENS_WINDOW = 150;
let bigLensFile = false;
const lensProvider: monaco.languages.CodeLensProvider = {
  onDidChange: lensChanged.event,
  async provideCodeLenses(model) {
    let lenses: { range: LspRange; command?: { title: string } }[] = await request('codeLenses', { uri: model.uri.toString() });
    bigLensFile = lenses.length > LENS_WINDOW;
    if (bigLensFile && editor.getModel() === model) {
      const visible = editor.getVisibleRanges();
      const from = Math.min(...visible.map((r) => r.startLineNumber)) - 1 - LENS_WINDOW / 2;
      const to = Math.max(...visible.map((r) => r.endLineNumber)) - 1 + LENS_WINDOW / 2;
      lenses = lenses.filter((l) => l.range.start.line >= from && l.range.start.line <= to);
    }
    return {
      lenses: lenses.map((l, i) => ({ range: toRange(l.range), id: `lens-${i}`, command: { id: '', title: l.command?.title ?? '' } })),
      dispose() {},
    };
  },
};
monaco.languages.registerCodeLensProvider('yaml', lensProvider);

// Go to definition across files: open the target file in the editor.
monaco.editor.registerEditorOpener({
  openCodeEditor(_source, resource, selection) {
    const f = byUri(resource.toString());
    if (!f) return false;
    const pos = selection ? ('lineNumber' in selection ? selection : { lineNumber: selection.startLineNumber, column: selection.startColumn }) : undefined;
    open(f, pos);
    if (selection && !('lineNumber' in selection)) editor.setSelection(selection);
    return true;
  },
});

// ------------------------------------------------------------------ editor, theme, toolbar

const dark = matchMedia('(prefers-color-scheme: dark)');
const editor = monaco.editor.create($('editor'), {
  model: null,
  automaticLayout: true,
  theme: dark.matches ? 'vs-dark' : 'vs',
  minimap: { enabled: false },
  // Sticky scroll from the folding ranges monaco already has, not from a document outline
  // recomputed on every key press (thousands of symbols in a large multi-document file).
  stickyScroll: { enabled: true, defaultModel: 'foldingProviderModel' },
  fontSize: 13,
  tabSize: 2,
  insertSpaces: true,
  renderWhitespace: 'selection',
  unicodeHighlight: { nonBasicASCII: false, invisibleCharacters: true, ambiguousCharacters: true },
  scrollBeyondLastLine: false,
  fixedOverflowWidgets: true,
  lightbulb: { enabled: monaco.editor.ShowLightbulbIconMode.OnCode },
  ariaLabel: 'YAML editor',
});
dark.addEventListener('change', () => monaco.editor.setTheme(dark.matches ? 'vs-dark' : 'vs'));
editor.onDidChangeCursorPosition(() => refreshTraffic());
let lensScroll: number | undefined;
editor.onDidScrollChange((e) => {
  if (!bigLensFile || !e.scrollTopChanged) return;
  clearTimeout(lensScroll);
  lensScroll = window.setTimeout(() => lensChanged.fire(lensProvider), 150);
});

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

function flash(text: string): void {
  const s = $('flash');
  s.textContent = text;
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
  lastHash = location.hash;
  return location.href;
}

let lastHash = '';
let saveTimer: number | undefined;
function scheduleSave(): void {
  // Once edited, the workspace is no longer the one in the link: a reload restores the edits.
  if (location.hash.startsWith('#state=')) {
    history.replaceState(null, '', location.pathname + location.search);
    lastHash = '';
  }
  clearTimeout(saveTimer);
  saveTimer = window.setTimeout(() => {
    try {
      localStorage.setItem('mesh-lsp.playground', JSON.stringify(currentState()));
    } catch {}
  }, 500);
}

function loadExample(ex: Example): void {
  loadState({ files: ex.files.map((f) => ({ ...f })), active: ex.active });
  select.value = ex.id;
  history.replaceState(null, '', location.pathname + location.search);
  lastHash = '';
  scheduleSave();
}

function fromHash(): boolean {
  if (location.hash === lastHash) return false;
  lastHash = location.hash;
  const s = decodeState(location.hash);
  if (!s) return false;
  if ('error' in s) {
    flash(s.error);
    return false;
  }
  loadState(s);
  return true;
}

const select = $('examples') as HTMLSelectElement;
for (const ex of EXAMPLES) {
  const o = document.createElement('option');
  o.value = ex.id;
  o.textContent = ex.title;
  select.append(o);
}
$('load-example').addEventListener('click', () => {
  const ex = EXAMPLES.find((x) => x.id === select.value);
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

// Start: a shared link, else the last session in this browser, else an example.
if (!fromHash()) {
  let restored = false;
  try {
    const saved = JSON.parse(localStorage.getItem('mesh-lsp.playground') ?? 'null');
    if (saved?.files?.length) {
      loadState(saved);
      restored = true;
    }
  } catch {}
  if (!restored) loadExample(EXAMPLES.find((e) => e.id === 'canary')!);
}

// For tests and the benchmark: read-only views of the page's state.
(window as any).playground = {
  monaco,
  editor,
  latencies,
  get appliedSeq() {
    return appliedSeq;
  },
  get seq() {
    return seq;
  },
  get analysisMs() {
    return lastAnalysisMs;
  },
  get resources() {
    return resourceCount;
  },
  get traffic() {
    return trafficView;
  },
  files: () => files.map((f) => f.path),
  open: (path: string) => open(byPath(path)),
  markers: (path: string) => {
    const f = byPath(path);
    return f ? monaco.editor.getModelMarkers({ resource: f.model.uri, owner: 'mesh-lsp' }) : [];
  },
  state: currentState,
  load: loadState,
};
