/**
 * The analysis service: the public API of the core. Pure TypeScript: no file system,
 * no LSP connection; it takes file texts and returns findings, so it runs in Node and
 * in a browser alike.
 */
import { RULES } from './rules/registry.gen';
import { resolveSettings, type MeshSettings } from './settings';
import { Workspace } from './workspace';

export { Workspace, providedKeys, type FileEntry, type UpdateResult } from './workspace';
export { RULES };
export * from './types';
export * from './settings';
export * from './model';
export * from './hosts';
export * from './links';
export { LineIndex, closest, editDistance, percent, detectIndentUnit, humanSize } from './text';
export type { Rule, RuleContext } from './rule';

export function createWorkspace(settings?: Partial<MeshSettings> | MeshSettings): Workspace {
  return new Workspace(RULES, resolveSettings(settings ?? {}));
}

export function ruleById(id: string) {
  return RULES.find((r) => r.id === id);
}
export { codeActions, editedTexts, applyStep, fixesFor, roles, routeAt, applyOffsetEdits, applyTextEdits, largestRemainder, managingController, weightOwner } from './actions/index';
export type { MeshCodeAction, CanaryStep, CanaryOptions, Fix, FileEdits } from './actions/index';
export type { StepResult } from './actions/canary';
export { applyFixes, chooseFix, type FixResult } from './actions/fixall';
export { hover, hoverProviders } from './features/hover';
export { completion, completionProviders } from './features/completion';
export { definition, references } from './features/navigation';
export { rename, prepareRename } from './features/rename';
export { documentSymbols, workspaceSymbols, codeLenses } from './features/symbols';
export { trafficSplitReport, splitTitle, routeShares, routeTitle } from './features/split';
export { cursorAt, resourceAt } from './features/context';
// Schema field docs and key completion register themselves as hover/completion providers.
export { schemaHover, schemaCompletion } from './features/schema-docs';
export { simulate, fullMatch, vsMatchBlock, type SimRequest, type SimResult, type SimDestination, type RouteRef } from './simulate';
export * from './gatewayapi';
export { simulationReport, simulationSummary, parseRequestLine, describeRoute as describeSimulatedRoute, REQUEST_LINE_HELP } from './features/route-report';
export { applyHttpRouteStep, httpRouteController, httpRouteRuleAt, httpRouteCanaryCandidates } from './actions/httproute-canary';
export { gatewayApiTarget, ruleSplitTitle, routesAttachedTo, routeRefsToService } from './features/gatewayapi-features';
