/**
 * The analysis service: the public API of the core. Pure TypeScript: no file system,
 * no LSP connection; it takes file texts and returns findings, so it runs in Node and
 * in a browser alike. Every public name is listed here (no `export *`).
 */

import type { TextSource } from './build/load';
import { kustomizeSource } from './build/source';
import type { FileEntry } from './lookup';
import { RULES } from './rules/registry.gen';
import { type MeshSettings, resolveSettings } from './settings';
import { Workspace } from './workspace';
import { readFile } from './workspace/read';

export type { FileEntry, Lookup, TextFacts } from './lookup';
export type { FixContext, FixDescription, Report, Rule, RuleCategory, RuleContext, RuleFix } from './rule';
export { defineRule } from './rule';
// The workspace index and the rules.
export { providedKeys, type UpdateResult, Workspace } from './workspace';
export { foreignFiles, portableFiles } from './workspace/portable';
export { RULES };

/**
 * A workspace with the rule registry and the Kustomize builds of its files. `text` answers the
 * text of a file the workspace does not hold as YAML (a generator's .env or .properties input,
 * a JSON patch), where the host can read it; the browser passes none. `reuse: false` is for one
 * analysis of each file (a CLI run): the results per resource that make an analysis after an
 * edit cheap are not kept.
 */
export function createWorkspace(settings?: Partial<MeshSettings> | MeshSettings, options: { text?: TextSource; reuse?: boolean } = {}): Workspace {
  const ws = new Workspace(RULES, resolveSettings(settings ?? {}), kustomizeSource(options.text));
  if (options.reuse === false) ws.reuseResults = false;
  return ws;
}

export function ruleById(id: string) {
  return RULES.find((r) => r.id === id);
}

export { applyHttpRouteStep, httpRouteCanaryCandidates, httpRouteController, httpRouteRuleAt } from './actions/canary/httproute';
export type { CanaryOptions, CanaryStep, StepResult } from './actions/canary/plan';
export { applyStep, roles, routeAt } from './actions/canary/virtualservice';
export { applyFixes, chooseFix, type FixResult } from './actions/fixall';
// Code actions: quick fixes, fix-all, canary steps.
export { codeActions, type MeshCodeAction } from './actions/index';
export { type Fix, fixesFor } from './actions/quickfix';
export { editedTexts } from './actions/verify';
// Builds: the Kustomize model.
export { discoverKustomizeBuilds, type KustomizeBuilds, kustomizeRoots } from './build/discover';
export { buildKustomization } from './build/kustomize';
export type { FileSource, TextSource } from './build/load';
export { originOf } from './build/tree';
export type { Build, BuildKind, BuildProblem, BuiltObject, SourceRef } from './build/types';
// Edits, lookups shared by rules and actions.
export { applyOffsetEdits, applyTextEdits, type FileEdits } from './edits/edits';
export { completion, completionProviders } from './features/completion';
export { cursorAt } from './features/context';
export { gatewayApiTarget, routeRefsToService, routesAttachedTo, ruleSplitTitle } from './features/gatewayapi-features';
// Editor features.
export { hover, hoverProviders } from './features/hover';
export { definition, references } from './features/navigation';
export { prepareRename, rename } from './features/rename';
export { describeRoute as describeSimulatedRoute, parseRequestLine, REQUEST_LINE_HELP, simulationReport, simulationSummary } from './features/route-report';
export { schemaCompletion, schemaHover } from './features/schema-docs';
export { splitTitle, trafficSplitReport } from './features/split';
export { codeLenses, documentSymbols, workspaceSymbols } from './features/symbols';
export type { BackendRef, K8sGatewayView, Listener, ParentRef, PathMatch, RouteMatch, RouteRule, RouteView, ValueMatch } from './gatewayapi';
export {
  GATEWAY_API_GROUP,
  gatewayHostMatches,
  gatewayHostsIntersect,
  hasKey,
  isGatewayApi,
  isK8sGateway,
  isRoute,
  isServiceBackend,
  k8sGatewayView,
  listenerAdmits,
  parentGateways,
  ROUTE_KINDS,
  referenceGranted,
  routeView,
  selectedListeners,
} from './gatewayapi';
export { CLUSTER_DOMAIN, describeResolution, hostMatches, hostsOverlap, isWildcard, serviceFQDN, toFQDN } from './hosts';
export { isKustomizationUri, KUSTOMIZATION_NAMES } from './kustomize';
export type { HostTargets, SubsetDefinition, SubsetWorkloads } from './links';
export {
  baseName,
  consumerNamespaces,
  destinationLabel,
  exportNamespaces,
  findSubset,
  fqdnOfService,
  gatewayTargets,
  podLabelsOf,
  resolveHost,
  routesToSubset,
  subsetWorkloads,
  visibleFrom,
} from './links';
export type {
  CanaryView,
  ContainerPort,
  DestinationRuleView,
  GatewayRef,
  GatewayServer,
  GatewayView,
  NamespaceOptions,
  PortRef,
  Resource,
  Route,
  RouteDestination,
  ServiceEntryPort,
  ServiceEntryView,
  ServicePort,
  ServiceView,
  Str,
  Subset,
  View,
  VirtualServiceView,
  WorkloadView,
} from './model';
// The resource model, hosts and links.
export { displayName, extractResources, formatLabels, hasKeys, labelsMatch, parseGatewayRef, resourceSpan, span, WORKLOAD_KINDS } from './model';
export { managingController, type WeightOwner, weightOwner } from './query/managed';
export { resourceAt } from './query/resources';
export { routeLabel } from './query/routes';
export {
  backendSplit,
  destinationSplit,
  largestRemainder,
  type RouteSplit,
  splitSummary,
  type WeightedTarget,
} from './query/weights';
export { DEFAULT_SETTINGS, type MeshSettings, resolveSettings } from './settings';
// Request simulation.
export { fullMatch, type MatchedRoute, type SimDestination, type SimRequest, type SimResult, simulate, vsMatchBlock } from './simulate';
export { closest, detectIndentUnit, editDistance, humanSize, LineIndex, mdCode, mdText, percent } from './text';
// Shared types and settings.
export type { Diagnostic, Finding, FindingData, FixKind, Position, Range, RelatedInfo, Severity, SeveritySetting, Span } from './types';

/** Read one file as the workspace reads it (documents, resources, kustomization), outside any workspace. */
export function readEntry(uri: string, text: string, settings?: Partial<MeshSettings>): FileEntry {
  return readFile(uri, text, { settings: resolveSettings(settings ?? {}), kz: undefined, docCache: new WeakMap() });
}
