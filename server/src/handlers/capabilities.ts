/**
 * What the client supports, read once from its `initialize` request. Everything the server does
 * differently for one client or another is decided from this record, never from the raw
 * capabilities elsewhere.
 */
import type { ClientCapabilities } from 'vscode-languageserver/node';

export interface ClientSupport {
  /** `workspace/configuration`: the server asks for its settings (else it takes what is pushed). */
  readonly configuration: boolean;
  /** `workspace/didChangeConfiguration` may be registered dynamically (for the settings section). */
  readonly configurationDynamic: boolean;
  /** The client shows disabled code actions (with their reason), e.g. "weights are managed by …". */
  readonly disabledCodeActions: boolean;
  /** File watchers may be registered dynamically (`**\/*.{yaml,yml}`). */
  readonly watchedFilesDynamic: boolean;
  /** Work-done progress (`$/progress`) for background indexing. */
  readonly workDoneProgress: boolean;
  /** Pull diagnostics (LSP 3.17 `textDocument/diagnostic`): the client asks, the server does not push. */
  readonly pullDiagnostics: boolean;
  /** `workspace/diagnostic/refresh`: the server may tell a pulling client to ask again. */
  readonly pullRefresh: boolean;
}

/** Before `initialize`: a client that supports nothing optional. */
export const NO_CLIENT_SUPPORT: ClientSupport = {
  configuration: false,
  configurationDynamic: false,
  disabledCodeActions: false,
  watchedFilesDynamic: false,
  workDoneProgress: false,
  pullDiagnostics: false,
  pullRefresh: false,
};

export function clientSupport(caps: ClientCapabilities): ClientSupport {
  return {
    configuration: !!caps.workspace?.configuration,
    configurationDynamic: !!caps.workspace?.didChangeConfiguration?.dynamicRegistration,
    disabledCodeActions: !!caps.textDocument?.codeAction?.disabledSupport,
    watchedFilesDynamic: !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration,
    workDoneProgress: !!caps.window?.workDoneProgress,
    pullDiagnostics: !!caps.textDocument?.diagnostic,
    pullRefresh: !!caps.workspace?.diagnostics?.refreshSupport,
  };
}
