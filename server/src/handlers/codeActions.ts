/** textDocument/codeAction: quick fixes (attached to their diagnostics) and canary steps. */
import { CodeActionKind, type CodeAction } from 'vscode-languageserver/node';
import { codeActions } from '../service/actions/index';
import { guarded } from './features';
import type { ServerState } from './state';

export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite];

export function registerCodeActions(state: ServerState): void {
  state.connection.onCodeAction(
    guarded(state, 'codeAction', (p): CodeAction[] => {
      const uri = p.textDocument.uri;
      if (!state.ws.getFile(uri)) return [];
      const lsp = state.toLsp(uri);
      return codeActions(state.ws, uri, p.range, state.settings, p.context.only)
        .filter((a) => !a.disabled || state.disabledCodeActions)
        .map((a) => ({
        title: a.title,
        kind: a.kind,
        isPreferred: a.isPreferred,
        edit: a.edit,
        diagnostics: a.findings?.flatMap((f) => {
          const r = state.ws.getFile(uri)!.lines.range(f.start, f.end);
          return lsp.filter((d) => d.code === f.rule && d.range.start.line === r.start.line && d.range.start.character === r.start.character);
        }),
        disabled: a.disabled ? { reason: a.disabled } : undefined,
        data: { id: a.id },
      }));
    }, true),
  );
}
