/**
 * The playground page: monaco-editor with monaco-yaml (monaco.ts) and the mesh-lsp core in a Web
 * Worker (rpc.ts, worker.ts) for everything Istio-aware. The page keeps the models (files.ts) and
 * the UI (ui.ts, toolbar.ts); the worker keeps the workspace index and answers the editor's
 * requests (providers.ts). This module wires them together.
 */
import { byPath, byUri, currentState, initFiles, loadState, open, session, showDiagnostics } from './files';
import { createEditor, MARKER_OWNER, monaco, toMarker } from './monaco';
import { refreshLenses, registerProviders } from './providers';
import { listen, worker } from './rpc';
import { initToolbar, scheduleSave, startSession } from './toolbar';
import { $, flash, initUi, panels, refreshTraffic, renderBadges, renderFiles, renderProblems, renderStatus } from './ui';
import './style.css';

const editor = createEditor($('editor'));
initFiles(editor, { listChanged: renderFiles, problemsChanged: renderProblems, opened: refreshTraffic, edited: scheduleSave, flash });
registerProviders(editor);
initUi(editor);
initToolbar();

listen(
  (m) => {
    showDiagnostics(m.files, (d) => toMarker(d, (uri) => byUri(uri)?.model));
    renderBadges();
    renderProblems();
    refreshTraffic();
    // monaco asks again for the lenses of a file it edits; a change elsewhere (a DestinationRule's
    // subsets, a Deployment's labels) can change them too.
    const activeUri = session.active?.model.uri.toString();
    if (m.files.some((f) => f.uri === activeUri) && session.lastEdited !== activeUri) refreshLenses();
    session.lastEdited = '';
    renderStatus(m.resources, m.ms);
  },
  (message) => flash(`The analysis worker failed: ${message}. Reload the page.`),
);

startSession();

// For tests and the benchmark: read-only views of the page's state.
(window as any).playground = {
  monaco,
  editor,
  latencies: worker.latencies,
  get appliedSeq() {
    return worker.appliedSeq;
  },
  get seq() {
    return worker.seq;
  },
  get analysisMs() {
    return worker.lastAnalysisMs;
  },
  get resources() {
    return worker.resourceCount;
  },
  get traffic() {
    return panels.traffic;
  },
  files: () => session.files.map((f) => f.path),
  open: (path: string) => open(byPath(path)),
  markers: (path: string) => {
    const f = byPath(path);
    return f ? monaco.editor.getModelMarkers({ resource: f.model.uri, owner: MARKER_OWNER }) : [];
  },
  state: currentState,
  load: loadState,
};
