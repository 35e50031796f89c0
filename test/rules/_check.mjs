// Run the analysis on named texts and return one rule's findings.
import { workspaceOf, allFindings, byRule } from '../helpers.mjs';
export const findingsOf = (files, rule, settings) => byRule(allFindings(workspaceOf(typeof files === 'string' ? { 'a.yaml': files } : files, settings)), rule);
export const vsHead = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\nspec:\n  hosts: [r]\n';
export const drHead = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: r\nspec:\n  host: r\n';
