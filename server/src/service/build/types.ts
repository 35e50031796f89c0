/**
 * Builds: what a user applies, rather than the files as they lie. A Kustomize build (a root
 * kustomization with its whole input tree) and a rendered Helm chart are builds; each yields
 * the objects it applies, and every part of every object keeps the source range it came from
 * (the line of a base file, of the patch that set it, or of the template that rendered it), so
 * a finding on a built object is shown where the user can change it.
 *
 * This module is pure data: no file system, no process. Builders get files through a
 * `(uri) => FileEntry | undefined` callback; rendering that needs a process (helm) is done
 * behind the `Renderer` interface by the Node layer.
 */

import type { FileEntry } from '../lookup';

/** A range in a source file: UTF-16 offsets into that file's text, as LSP counts them. */
export interface SourceRef {
  uri: string;
  start: number;
  end: number;
}

export type BuildKind = 'kustomize' | 'helm';

/**
 * One object a build applies. `value` is the object as applied (plain JSON data, what
 * `kubectl kustomize` / `helm template` would print). `origins` maps JSON Pointers
 * (RFC 6901, e.g. `/spec/http/0/route/0/destination/host`) to the source range that produced
 * that key's value; a pointer not in the map takes the origin of its nearest ancestor, and the
 * root (`''`) is always present.
 */
export interface BuiltObject {
  value: Record<string, unknown>;
  origins: Map<string, SourceRef>;
  /**
   * JSON Pointers whose value the build could not determine (a `replacements`/`vars` target,
   * a value rendered from something unknown): no finding may depend on them.
   */
  unknown?: string[];
  /**
   * JSON Pointers whose origin is only a stand-in (a rendered value that no line of its template
   * produced is shown at the template's first line): a finding there should say so.
   */
  approximate?: string[];
}

/** A problem of the build itself (a missing resource file, a patch whose target is absent, ...). */
export interface BuildProblem {
  message: string;
  at?: SourceRef;
  /**
   * The tool itself refuses the build (a resource added twice, a cycle): what the workspace
   * holds is enough to know it. Other problems
   * (a remote base, an input the workspace does not hold) only limit what is modelled.
   */
  rejects?: boolean;
}

export interface Build {
  /** Stable id: `kustomize:<kustomization uri>` or `helm:<chart folder uri>[#<values file uri>]`. */
  id: string;
  kind: BuildKind;
  /** The kustomization file's URI, or the chart folder's URI (with a trailing slash). */
  root: string;
  /** The namespace the build sets on its objects, when it sets one. */
  namespace?: string;
  /** Every file the build read (kustomizations, resources, patches, templates, values). */
  inputs: string[];
  /** The objects applied, in output order. */
  objects: BuiltObject[];
  problems: BuildProblem[];
}

/** A chart (or other unit) that needs a process to render it, as the Node layer sees it. */
export interface RenderRequest {
  kind: 'helm';
  /** Chart folder URI (with a trailing slash). */
  root: string;
  /** Values files, in order (the chart's own values.yaml is always applied first by helm). */
  values: string[];
  namespace?: string;
}

/** Renders what the core cannot: given to the workspace by the Node layer, absent in the browser. */
export interface Renderer {
  render(request: RenderRequest): Promise<Build>;
}

/**
 * Where the workspace gets the builds the core can make itself (Kustomize): the roots among
 * the files as read, and each root's build. `file` answers any workspace file by URI.
 */
export interface BuildSource {
  discover(files: Iterable<FileEntry>, file: (uri: string) => FileEntry | undefined): { roots: string[] };
  build(root: string, file: (uri: string) => FileEntry | undefined): Build;
}
