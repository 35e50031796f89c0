/**
 * Rename a DestinationRule subset (its definition and every destination using it, across
 * files) or a Gateway (its name and every VirtualService reference). Unsafe renames are
 * refused with a reason.
 */

import type { Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { isScalar, type Node } from 'yaml';
import { toFQDN } from '../hosts';
import { findSubset, gatewayTargets, routesToSubset } from '../links';
import { type Resource, span } from '../model';
import type { Workspace } from '../workspace';
import { type CursorTarget, cursorAt } from './context';
import { gatewayApiPrepareRename, gatewayApiRename } from './gatewayapi-features';
import { gatewayReferences } from './navigation';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export type RenameResult = { edit: WorkspaceEdit } | { error: string };
export type PrepareResult = { range: Range; placeholder: string } | { error: string };

/** The range of a scalar's text without its quotes. */
function valueRange(ws: Workspace, res: Resource, node: Node): { range: Range; start: number; end: number } {
  let [s, e] = span(res, node);
  if (isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE')) {
    s += 1;
    e -= 1;
  }
  const file = ws.getFile(res.uri)!;
  return { range: file.lines.range(s, e), start: s, end: e };
}

function plainScalar(node: Node): boolean {
  return isScalar(node) && node.type !== 'BLOCK_FOLDED' && node.type !== 'BLOCK_LITERAL';
}

type Renamable =
  | { kind: 'subset'; fqdn: string; name: string; node: Node; res: Resource }
  | { kind: 'gateway'; namespace: string; name: string; node: Node; res: Resource; nameOnly: boolean };

function renamable(ws: Workspace, t: CursorTarget | undefined): Renamable | { error: string } {
  if (!t) return { error: 'Nothing to rename here: place the cursor on a subset name or a Gateway name.' };
  if (t.type === 'dr-subset') {
    const host = t.res.view?.type === 'DestinationRule' ? t.res.view.dr.host?.value : undefined;
    if (!host) return { error: 'This DestinationRule has no host, so its subsets cannot be linked to routes.' };
    return { kind: 'subset', fqdn: toFQDN(host, t.res.namespace), name: t.value, node: t.node, res: t.res };
  }
  if (t.type === 'dest-subset') {
    if (!t.dest.host) return { error: 'This destination has no host.' };
    const fqdn = toFQDN(t.dest.host.value, t.res.namespace);
    if (!findSubset(ws, fqdn, t.value).matches.length)
      return { error: `Subset ${t.value} is not defined by any DestinationRule for ${fqdn}; fix the reference instead of renaming it.` };
    return { kind: 'subset', fqdn, name: t.value, node: t.node, res: t.res };
  }
  if (t.type === 'resource-name' && t.res.kind === 'Gateway' && t.res.group === 'networking.istio.io')
    return { kind: 'gateway', namespace: t.res.namespace, name: t.value, node: t.node, res: t.res, nameOnly: true };
  if (t.type === 'gateway-ref') {
    if (t.ref.mesh) return { error: '`mesh` is a reserved name and cannot be renamed.' };
    const gws = gatewayTargets(ws, t.ref);
    if (!gws.length) return { error: `Gateway ${t.ref.namespace}/${t.ref.name} is not defined in the workspace; fix the reference instead of renaming it.` };
    return { kind: 'gateway', namespace: t.ref.namespace, name: t.ref.name, node: t.node, res: t.res, nameOnly: false };
  }
  return { error: 'Only DestinationRule subsets and Gateways can be renamed.' };
}

export function prepareRename(ws: Workspace, uri: string, position: Position): PrepareResult {
  const file = ws.getFile(uri);
  if (!file) return { error: 'Unknown document.' };
  const gatewayApi = gatewayApiPrepareRename(ws, uri, position);
  if (gatewayApi) return gatewayApi;
  const t = cursorAt(ws, uri, file.lines.offsetAt(position))?.target;
  const r = renamable(ws, t);
  if ('error' in r) return r;
  if (!plainScalar(r.node)) return { error: 'Block scalars cannot be renamed.' };
  if (r.kind === 'gateway' && !r.nameOnly) {
    // On a reference: offer the gateway name part only.
    const text = file.text.slice(...span(r.res, r.node));
    const idx = text.lastIndexOf(r.name);
    const [s] = span(r.res, r.node);
    return { range: file.lines.range(s + Math.max(0, idx), s + Math.max(0, idx) + r.name.length), placeholder: r.name };
  }
  return { range: valueRange(ws, r.res, r.node).range, placeholder: r.name };
}

function addEdit(edit: WorkspaceEdit, uri: string, te: TextEdit): void {
  const changes = (edit.changes ??= {});
  const list = (changes[uri] ??= []);
  if (!list.some((e) => e.range.start.line === te.range.start.line && e.range.start.character === te.range.start.character)) list.push(te);
}

export function rename(ws: Workspace, uri: string, position: Position, newName: string): RenameResult {
  const file = ws.getFile(uri);
  if (!file) return { error: 'Unknown document.' };
  const gatewayApi = gatewayApiRename(ws, uri, position, newName, (ns, name) => gatewayReferences(ws, ns, name));
  if (gatewayApi) return gatewayApi;
  const t = cursorAt(ws, uri, file.lines.offsetAt(position))?.target;
  const r = renamable(ws, t);
  if ('error' in r) return r;
  if (newName === r.name) return { edit: { changes: {} } };
  const edit: WorkspaceEdit = { changes: {} };
  if (r.kind === 'subset') {
    if (!DNS1123_LABEL.test(newName) || newName.length > 63)
      return { error: `"${newName}" is not a valid subset name (a DNS-1123 label: lowercase letters, digits and '-').` };
    const defs = findSubset(ws, r.fqdn, r.name);
    if (findSubset(ws, r.fqdn, newName).matches.length) return { error: `Subset ${newName} already exists for ${r.fqdn}; renaming would merge two subsets.` };
    for (const m of defs.matches) {
      if (!m.subset.name || !plainScalar(m.subset.name.node)) return { error: 'A subset name is not a plain scalar (alias or block); rename it by hand.' };
      const v = valueRange(ws, m.dr, m.subset.name.node);
      addEdit(edit, m.dr.uri, { range: v.range, newText: newName });
    }
    for (const { vs, dest } of routesToSubset(ws, r.fqdn, r.name)) {
      if (!dest.subset || !plainScalar(dest.subset.node)) continue;
      addEdit(edit, vs.uri, { range: valueRange(ws, vs, dest.subset.node).range, newText: newName });
    }
    return { edit };
  }
  if (!DNS1123_SUBDOMAIN.test(newName) || newName.length > 253) return { error: `"${newName}" is not a valid Gateway name (a DNS-1123 subdomain).` };
  if (ws.gateways(r.namespace, newName).length) return { error: `Gateway ${r.namespace}/${newName} already exists.` };
  for (const g of ws.gateways(r.namespace, r.name)) if (g.nameNode) addEdit(edit, g.uri, { range: valueRange(ws, g, g.nameNode).range, newText: newName });
  for (const ref of gatewayReferences(ws, r.namespace, r.name)) {
    const v = valueRange(ws, ref.res, ref.node);
    const value = ref.value;
    let replaced: string;
    if (value.includes('/')) replaced = `${value.slice(0, value.indexOf('/') + 1)}${newName}`;
    else if (value.includes('.')) replaced = `${newName}${value.slice(value.indexOf('.'))}`;
    else replaced = newName;
    addEdit(edit, ref.res.uri, { range: v.range, newText: replaced });
  }
  return { edit };
}
