/**
 * textDocument/codeAction: quick fixes (attached to their diagnostics), canary steps, and fix-all
 * (`source.fixAll.meshLsp`, run on save by `editor.codeActionsOnSave` with that kind set to `explicit`),
 * which applies the safe fixes of one document through the same core path as `meshlint --fix`.
 */
import { type CodeAction, CodeActionKind, type TextEdit } from 'vscode-languageserver/node';
import { CodeActionKinds } from '../protocol';
import { applyFixes, codeActions } from '../service/index';
import { guarded } from './features';
import type { ServerState } from './state';

export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, CodeActionKinds.sourceFixAll, CodeActionKinds.sourceFixAllMesh];

/** The request asks for fix-all explicitly (`source`, `source.fixAll` or `source.fixAll.meshLsp`); it is never computed for the light bulb. */
function wantsFixAll(only: string[] | undefined): boolean {
  const kind = CodeActionKinds.sourceFixAllMesh;
  return !!only?.some((o) => kind === o || kind.startsWith(`${o}.`));
}

/**
 * The text `meshlint --fix` would write for `uri` (safe fixes only, repeated until nothing changes),
 * as one edit of the changed region. The workspace is restored before returning: the editor applies the edit.
 */
export function fixAllEdit(state: ServerState, uri: string): TextEdit | undefined {
  const ws = state.ws;
  const before = ws.getFile(uri)?.text;
  if (before === undefined) return undefined;
  let after = before;
  try {
    after = applyFixes(ws, [uri]).changed.get(uri)?.[1] ?? before;
  } finally {
    if (ws.getFile(uri)?.text !== before) ws.setFile(uri, before);
  }
  if (after === before) return undefined;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  // Never split a surrogate pair (ranges are UTF-16 positions; a half pair is no character).
  if (start > 0 && /[\uD800-\uDBFF]/.test(before[start - 1])) start--;
  if (end > 0 && /[\uDC00-\uDFFF]/.test(before[before.length - end])) end--;
  return { range: ws.getFile(uri)!.lines.range(start, before.length - end), newText: after.slice(start, after.length - end) };
}

export function registerCodeActions(state: ServerState): void {
  state.connection.onCodeAction(
    guarded(
      state,
      'codeAction',
      (p): CodeAction[] => {
        const uri = p.textDocument.uri;
        if (!state.ws.getFile(uri)) return [];
        const lsp = state.publisher.toLsp(uri);
        // A finding is named by its id (see Publisher.toLsp): the client's diagnostics say which ones it means.
        const ids = p.context.diagnostics.flatMap((d) => (typeof d.data?.id === 'string' ? [d.data.id as string] : []));
        const actions: CodeAction[] = codeActions(state.ws, uri, p.range, state.settings, p.context.only, ids)
          .filter((a) => !a.disabled || state.client.disabledCodeActions)
          .map((a) => ({
            title: a.title,
            kind: a.kind,
            isPreferred: a.isPreferred,
            edit: a.edit,
            diagnostics: a.findings && lsp.filter((d) => a.findings!.some((f) => f.id === d.data.id)),
            disabled: a.disabled ? { reason: a.disabled } : undefined,
            data: { id: a.id },
          }));
        if (wantsFixAll(p.context.only)) {
          const edit = fixAllEdit(state, uri);
          if (edit)
            actions.push({
              title: 'Fix all mesh-lsp problems that have a safe fix',
              kind: CodeActionKinds.sourceFixAllMesh,
              edit: { changes: { [uri]: [edit] } },
              data: { id: 'fixAll' },
            });
        }
        return actions;
      },
      true,
    ),
  );
}
