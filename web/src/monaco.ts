/**
 * monaco-editor as the playground uses it: the editor workers, monaco-yaml (schema hover and key
 * completion from schemas/), and the conversions between LSP positions and monaco's (LSP lines
 * and columns count from 0, monaco's from 1).
 */
import * as monaco from 'monaco-editor/esm/vs/editor/edcore.main.js';
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js';
import { SCHEMAS } from 'mesh-web:schemas';
import { configureMonacoYaml } from 'monaco-yaml';
import type { PageDiagnostic } from './protocol';

export { monaco };

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

/** The editor of the page, with the playground's options; follows the system's light or dark theme. */
export function createEditor(el: HTMLElement): monaco.editor.IStandaloneCodeEditor {
  const dark = matchMedia('(prefers-color-scheme: dark)');
  const editor = monaco.editor.create(el, {
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
  return editor;
}

export type LspRange = { start: { line: number; character: number }; end: { line: number; character: number } };

export const toLsp = (p: monaco.IPosition) => ({ line: p.lineNumber - 1, character: p.column - 1 });
export const toRange = (r: LspRange) => new monaco.Range(r.start.line + 1, r.start.character + 1, r.end.line + 1, r.end.character + 1);
export const fromRange = (r: monaco.IRange): LspRange => ({
  start: { line: r.startLineNumber - 1, character: r.startColumn - 1 },
  end: { line: r.endLineNumber - 1, character: r.endColumn - 1 },
});

/** Owner of the playground's markers. */
export const MARKER_OWNER = 'mesh-lsp';

const SEVERITY: Record<string, monaco.MarkerSeverity> = {
  error: monaco.MarkerSeverity.Error,
  warning: monaco.MarkerSeverity.Warning,
  info: monaco.MarkerSeverity.Info,
  hint: monaco.MarkerSeverity.Hint,
};

/**
 * A finding as a monaco marker. Its `origin` is the finding's id: the code actions of a marker
 * are asked for, and matched to it, by that id (see providers.ts).
 */
export function toMarker(d: PageDiagnostic, modelOf: (uri: string) => monaco.editor.ITextModel | undefined): monaco.editor.IMarkerData {
  return {
    severity: SEVERITY[d.severity],
    message: d.message,
    code: d.rule,
    source: 'mesh-lsp',
    origin: d.id,
    startLineNumber: d.range.start.line + 1,
    startColumn: d.range.start.character + 1,
    endLineNumber: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    relatedInformation: d.related
      ?.map((r) => {
        const model = modelOf(r.uri);
        if (!model) return undefined;
        const s = model.getPositionAt(r.start);
        const e = model.getPositionAt(r.end);
        return {
          resource: model.uri,
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

/** The id of the finding a marker shows (see toMarker). */
export const findingIdOf = (m: monaco.editor.IMarkerData): string | undefined => m.origin || undefined;
