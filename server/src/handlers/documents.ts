/**
 * Document sync: what the index holds for each file. An open document's editor text overrides
 * the disk copy; closing falls back to the disk copy of a file under a workspace folder (only
 * those are ever read from disk); watched-file events bring disk changes of closed files. Edits
 * are applied to the index when the publisher flushes, so a burst of keystrokes is analysed once.
 */
import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isGitIgnored, isInside, readText, uriToPath, YAML_FILE } from '../node/loader';
import type { Workspace } from '../service/index';
import { LOOKS_KUBERNETES } from '../service/text';
import type { Publisher } from './publisher';

/** What document sync needs of the server state (declared here: the state owns the sync, the sync does not import the state). */
export interface DocumentHost {
  readonly documents: TextDocuments<TextDocument>;
  readonly folders: string[];
  readonly ws: Pick<Workspace, 'hasFile'>;
  /** Would indexing skip this file? */
  isExcluded(uri: string): boolean;
  /** Put a text into the index (and mark what it affects for publishing). */
  setFile(uri: string, text: string): void;
  /** Take a file out of the index (and mark what it affects for publishing). */
  removeFile(uri: string): void;
  readonly publisher: Pick<Publisher, 'schedule' | 'flushNow'>;
}

export class DocumentSync {
  /** Open documents changed since the last flush. */
  private dirty = new Set<string>();

  constructor(private readonly host: DocumentHost) {}

  /** A document was opened or changed in the editor: update soon (coalescing bursts of keystrokes). */
  changed(uri: string): void {
    this.dirty.add(uri);
    this.host.publisher.schedule();
  }

  /** Put the changed documents' editor texts into the index. */
  applyEditorTexts(): void {
    for (const uri of this.dirty) {
      const doc = this.host.documents.get(uri);
      if (doc) this.host.setFile(uri, doc.getText());
    }
    this.dirty.clear();
  }

  /**
   * The workspace folder a file may be read from, or undefined: only files under a workspace
   * folder are read from disk, and, as indexing does not follow symbolic links, only when the
   * file's real path lies under the folder's real path (`..` segments and links out of the folder
   * do not count). The client names the paths; the server does not read elsewhere on its word.
   */
  async readableFolder(path: string): Promise<string | undefined> {
    const abs = resolve(path);
    const real = await realpath(abs).catch(() => undefined);
    for (const f of this.host.folders) {
      const folder = f || '/';
      if (!isInside(abs, folder)) continue;
      const realFolder = await realpath(folder).catch(() => folder);
      if (real && isInside(real, realFolder)) return folder;
    }
    return undefined;
  }

  /** A document was closed: fall back to the disk copy when it lies in a workspace folder, else drop it. */
  async closed(uri: string): Promise<void> {
    const host = this.host;
    this.dirty.delete(uri);
    const path = uriToPath(uri);
    const folder = path && !host.isExcluded(uri) ? await this.readableFolder(path) : undefined;
    const text = path && folder ? await readText(path) : undefined;
    if (host.documents.get(uri)) return; // reopened while the disk copy was read: the editor's text wins
    if (text !== undefined && LOOKS_KUBERNETES.test(text)) host.setFile(uri, text);
    else host.removeFile(uri);
    host.publisher.flushNow();
  }

  /** A watched file changed or was deleted on disk. */
  async changedOnDisk(uri: string, deleted: boolean): Promise<void> {
    const host = this.host;
    if (host.documents.get(uri)) return; // the editor's text wins
    if (deleted) host.removeFile(uri);
    else {
      const path = uriToPath(uri);
      if (!path || !YAML_FILE.test(path) || host.isExcluded(uri)) return;
      const folder = await this.readableFolder(path);
      // A file outside the workspace folders is not read (and leaves the index if it was in it).
      if (!folder) {
        if (host.ws.hasFile(uri)) host.removeFile(uri);
      } else if (await isGitIgnored(folder, resolve(path))) return;
      else {
        const text = await readText(path);
        if (text === undefined || !LOOKS_KUBERNETES.test(text)) host.removeFile(uri);
        else host.setFile(uri, text);
      }
    }
    host.publisher.schedule();
  }
}
