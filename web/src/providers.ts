/**
 * monaco's language features for YAML, answered by the worker: hover, go to definition,
 * completion, code actions (quick fixes asked for by finding id, canary steps) and code lenses;
 * and the opener that shows a definition in another file.
 */
import { byUri, open } from './files';
import { findingIdOf, fromRange, type LspRange, monaco, toLsp, toRange } from './monaco';
import type { CodeAction } from './protocol';
import { request } from './rpc';

// LSP CompletionItemKind → monaco's.
const KINDS: Record<number, monaco.languages.CompletionItemKind> = {
  10: monaco.languages.CompletionItemKind.Property,
  12: monaco.languages.CompletionItemKind.Value,
  14: monaco.languages.CompletionItemKind.Keyword,
  18: monaco.languages.CompletionItemKind.Reference,
  20: monaco.languages.CompletionItemKind.EnumMember,
};

// Every lens is a view zone that monaco moves on each edit: in a file with hundreds of routes and
// subsets that costs more than the analysis, so large files get the lenses around the viewport
// only (recomputed as it scrolls).
const LENS_WINDOW = 150;

/** The code lenses: their provider, and whether the file shown has more than LENS_WINDOW of them. */
const lenses = {
  changed: new monaco.Emitter<monaco.languages.CodeLensProvider>(),
  bigFile: false,
  scrollTimer: undefined as number | undefined,
  provider: undefined as monaco.languages.CodeLensProvider | undefined,
};

/** Ask monaco for the lenses again (a change in another file can change them). */
export function refreshLenses(): void {
  if (lenses.provider) lenses.changed.fire(lenses.provider);
}

function toMonacoEdit(a: CodeAction): monaco.languages.WorkspaceEdit {
  const edits: monaco.languages.IWorkspaceTextEdit[] = [];
  for (const [uri, list] of Object.entries(a.edit.changes ?? {})) {
    const t = byUri(uri);
    if (!t) continue;
    for (const e of list) edits.push({ resource: t.model.uri, textEdit: { range: toRange(e.range), text: e.newText }, versionId: t.model.getVersionId() });
  }
  return { edits };
}

export function registerProviders(editor: monaco.editor.IStandaloneCodeEditor): void {
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

  monaco.languages.registerCodeActionProvider(
    'yaml',
    {
      async provideCodeActions(model, range, context) {
        // The light bulb asks on every cursor move: answer it with quick fixes only; canary steps (each
        // one checked by re-parsing the edited file) are computed when the menu is opened (Ctrl+.).
        const auto = context.trigger === monaco.languages.CodeActionTriggerType.Auto;
        const only = context.only ? [context.only] : auto ? ['quickfix'] : undefined;
        const ids = context.markers.flatMap((mk) => findingIdOf(mk) ?? []);
        const actions: CodeAction[] = await request('codeActions', { uri: model.uri.toString(), range: fromRange(range), only, ids });
        return {
          actions: actions.map((a) => ({
            title: a.title,
            kind: a.kind,
            isPreferred: a.isPreferred,
            diagnostics: context.markers.filter((mk) => a.diagnostics.includes(findingIdOf(mk) ?? '')),
            edit: toMonacoEdit(a),
          })),
          dispose() {},
        };
      },
    },
    { providedCodeActionKinds: ['quickfix', 'refactor.rewrite'] },
  );

  lenses.provider = {
    onDidChange: lenses.changed.event,
    async provideCodeLenses(model) {
      let list: { range: LspRange; command?: { title: string } }[] = await request('codeLenses', { uri: model.uri.toString() });
      lenses.bigFile = list.length > LENS_WINDOW;
      if (lenses.bigFile && editor.getModel() === model) {
        const visible = editor.getVisibleRanges();
        const from = Math.min(...visible.map((r) => r.startLineNumber)) - 1 - LENS_WINDOW / 2;
        const to = Math.max(...visible.map((r) => r.endLineNumber)) - 1 + LENS_WINDOW / 2;
        list = list.filter((l) => l.range.start.line >= from && l.range.start.line <= to);
      }
      return {
        lenses: list.map((l, i) => ({ range: toRange(l.range), id: `lens-${i}`, command: { id: '', title: l.command?.title ?? '' } })),
        dispose() {},
      };
    },
  };
  monaco.languages.registerCodeLensProvider('yaml', lenses.provider);
  editor.onDidScrollChange((e) => {
    if (!lenses.bigFile || !e.scrollTopChanged) return;
    clearTimeout(lenses.scrollTimer);
    lenses.scrollTimer = window.setTimeout(refreshLenses, 150);
  });

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
}
