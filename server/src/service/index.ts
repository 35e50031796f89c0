/**
 * The analysis service: the public API of the core. Pure TypeScript: no file system,
 * no LSP connection; it takes file texts and returns findings, so it runs in Node and
 * in a browser alike. Every public name is listed here (no `export *`).
 */
import { RULES } from './rules/registry.gen';
import { resolveSettings, type MeshSettings } from './settings';
import { Workspace } from './workspace';

// The workspace index and the rules.
export { Workspace, providedKeys, type UpdateResult } from './workspace';
export type { FileEntry, Lookup, TextFacts } from './lookup';
export { RULES };
export { defineRule } from './rule';
export type { Rule, RuleContext, RuleCategory, RuleFix, FixContext, FixDescription, Report } from './rule';

export function createWorkspace(settings?: Partial<MeshSettings> | MeshSettings): Workspace {
  return new Workspace(RULES, resolveSettings(settings ?? {}));
}

export function ruleById(id: string) {
  return RULES.find((r) => r.id === id);
}

// Shared types and settings.
export type { Diagnostic, Finding, FindingData, FixKind, Position, Range, RelatedInfo, Severity, SeveritySetting, Span } from './types';
export { DEFAULT_SETTINGS, resolveSettings, type MeshSettings } from './settings';

// The resource model, hosts and links.
export { WORKLOAD_KINDS, displayName, extractResources, formatLabels, hasKeys, labelsMatch, parseGatewayRef, resourceSpan, span } from './model';
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
export { CLUSTER_DOMAIN, describeResolution, hostMatches, hostsOverlap, isWildcard, serviceFQDN, toFQDN } from './hosts';
export { baseName, consumerNamespaces, destinationLabel, exportNamespaces, findSubset, fqdnOfService, gatewayTargets, podLabelsOf, resolveHost, routesToSubset, subsetWorkloads, visibleFrom } from './links';
export type { HostTargets, SubsetDefinition, SubsetWorkloads } from './links';
export {
  GATEWAY_API_GROUP,
  ROUTE_KINDS,
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
  referenceGranted,
  routeView,
  selectedListeners,
} from './gatewayapi';
export type { BackendRef, K8sGatewayView, Listener, ParentRef, PathMatch, RouteMatch, RouteRule, RouteView, ValueMatch } from './gatewayapi';
export { LineIndex, closest, editDistance, percent, detectIndentUnit, humanSize } from './text';

// Edits, lookups shared by rules and actions.
export { applyOffsetEdits, applyTextEdits, largestRemainder, type FileEdits } from './edits/edits';
export { managingController, weightOwner, type WeightOwner } from './query/managed';
export { resourceAt } from './query/resources';

// Code actions: quick fixes, fix-all, canary steps.
export { codeActions, type MeshCodeAction } from './actions/index';
export { editedTexts } from './actions/verify';
export { fixesFor, type Fix } from './actions/quickfix';
export { applyFixes, chooseFix, type FixResult } from './actions/fixall';
export { applyStep, roles, routeAt, type CanaryStep, type CanaryOptions, type StepResult } from './actions/canary';
export { applyHttpRouteStep, httpRouteController, httpRouteRuleAt, httpRouteCanaryCandidates } from './actions/httproute-canary';

// Editor features.
export { hover, hoverProviders } from './features/hover';
export { completion, completionProviders } from './features/completion';
export { definition, references } from './features/navigation';
export { rename, prepareRename } from './features/rename';
export { documentSymbols, workspaceSymbols, codeLenses } from './features/symbols';
export { trafficSplitReport, splitTitle, routeShares, routeTitle } from './features/split';
export { cursorAt } from './features/context';
export { schemaHover, schemaCompletion } from './features/schema-docs';
export { simulationReport, simulationSummary, parseRequestLine, describeRoute as describeSimulatedRoute, REQUEST_LINE_HELP } from './features/route-report';
export { gatewayApiTarget, ruleSplitTitle, routesAttachedTo, routeRefsToService } from './features/gatewayapi-features';

// Request simulation.
export { simulate, fullMatch, vsMatchBlock, type SimRequest, type SimResult, type SimDestination, type RouteRef } from './simulate';
