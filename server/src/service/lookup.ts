/**
 * The read side of the workspace index, as the layers below the index see it: a file as read
 * (FileEntry) and the lookups across files (Lookup). The Workspace implements Lookup; rules,
 * links and edit helpers take a Lookup, so they never import the index itself.
 */

import type { Kustomization } from './kustomize';
import type { Resource } from './model';
import type { ChunkCache, PastedLine, YamlDoc } from './parse';
import type { MeshSettings } from './settings';
import type { LineIndex } from './text';

export interface FileEntry {
  uri: string;
  /** The text as given (what edits apply to). */
  text: string;
  /** The text as analyzed (pasted whitespace replaced one for one; same offsets). */
  analysisText: string;
  lines: LineIndex;
  /** The documents analyzed (documents past an analysis bound are left out). */
  docs: YamlDoc[];
  resources: Resource[];
  /** False for YAML that holds no Kubernetes resource: such files are ignored quietly. */
  kubernetes: boolean;
  /** Why the file was not analyzed, if it was not. */
  skipped?: 'template' | 'too-large' | 'too-deep' | 'unreadable';
  /** Facts about the text itself, reported by the parse-level rules (see `Rule.checkFile`). */
  facts: TextFacts;
  cache?: ChunkCache;
  /** Set when the file is a kustomization. */
  kustomization?: Kustomization;
  /** Set when a kustomization names the file as a patch: a fragment, not whole objects. */
  fragment?: boolean;
}

/** What reading a file found about its text (before any resource is looked at). */
export interface TextFacts {
  /** Every parsed document, analyzed or not (their syntax errors are reported). */
  parsed: YamlDoc[];
  /** Lines with pasted non-breaking spaces or tabs. */
  pasted: PastedLine[];
  /** Syntax and pasted whitespace are reported for this file. */
  checkText: boolean;
  /** Per-document analysis bounds (alias expansion, nesting depth) are reported for this file. */
  checkLimits: boolean;
  /** Size in UTF-8 bytes, when the file is over the size limit. */
  size?: number;
  /** Offset where flow collections nest too deep to parse, when they do. */
  deepFlowAt?: number;
  /** Offset where block collections nest too deep to parse, when they do. */
  deepBlockAt?: number;
  /** Why the file could not be read or decoded, when it could not (its text is then empty). */
  unreadable?: string;
  /** The first template marker, when the file is a template. */
  template?: { start: number; end: number; kind: 'action' | 'placeholder' };
}

/** Lookups across the workspace; each records what the file being analyzed depends on. */
export interface Lookup {
  readonly settings: MeshSettings;
  getFile(uri: string): FileEntry | undefined;
  hasFile(uri: string): boolean;
  fileUris(): string[];
  allFiles(): IterableIterator<FileEntry>;
  allResources(): IterableIterator<Resource>;
  /** Resources providing `key` (see providedKeys). */
  lookup(key: string): readonly Resource[];
  servicesForHost(fqdn: string): readonly Resource[];
  serviceEntriesForHost(fqdn: string): Resource[];
  destinationRulesForHost(fqdn: string): Resource[];
  virtualServicesForHost(fqdn: string): readonly Resource[];
  virtualServicesRoutingTo(fqdn: string): readonly Resource[];
  virtualServicesOverlapping(fqdn: string): Resource[];
  gateways(namespace: string, name: string): readonly Resource[];
  workloadsInNamespace(namespace: string): readonly Resource[];
  workloadsMatching(namespace: string, selector: Record<string, string>): Resource[];
  /** Services of a namespace whose selector shares a label pair with `podLabels` (candidates: the caller checks the whole selector). */
  servicesSharingLabel(namespace: string, podLabels: Record<string, string>): Resource[];
  ofKind(kind: string, namespace?: string): readonly Resource[];
  byKey(kind: string, namespace: string, name: string): readonly Resource[];
  applyUnits(uri: string): string[];
  sameApplyUnit(a: string, b: string): boolean;
  applyUnitKind(a: string, b: string): 'file' | 'build' | 'dir' | undefined;
  applyNamespace(uri: string): string | undefined;
  relativePath(uri: string): string;
  /**
   * In a build's analysis: the object of the build that the build renamed (namePrefix,
   * nameSuffix) from `kind` `namespace/name` in its source, if there is one.
   */
  renamedTo?(kind: string, namespace: string, name: string): Resource | undefined;
  /** In a build's analysis: true when another build of the workspace applies `kind` `namespace/name`. */
  builtElsewhere?(kind: string, namespace: string, name: string): boolean;
}
