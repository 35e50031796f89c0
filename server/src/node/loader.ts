/** Node-only: find and read the YAML files of a workspace folder (shared walking rules with the CLI). */
import { readFile } from 'node:fs/promises';
import { URI } from 'vscode-uri';
import { collectFiles } from '../cli/files';

export interface LoadedFile {
  uri: string;
  path: string;
}

/** Every *.yaml / *.yml under `folder` (skipping node_modules, .git and the exclude globs, relative to the folder). */
export function listYamlFiles(folder: string, exclude: string[]): LoadedFile[] {
  try {
    return collectFiles([folder], exclude, folder)
      .filter((p) => p !== '-')
      .map((p) => ({ path: p, uri: URI.file(p).toString() }));
  } catch {
    return [];
  }
}

export async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function uriToPath(uri: string): string | undefined {
  try {
    const u = URI.parse(uri);
    return u.scheme === 'file' ? u.fsPath : undefined;
  } catch {
    return undefined;
  }
}
