/**
 * The uncertain-link policy, shared by the rules that report a reference to something the
 * workspace does not define (unknown-host, unknown-backend, unknown-parent-ref): a Service,
 * ServiceEntry or Gateway may be installed outside these files (another repository, an
 * operator or chart, a namespace chosen at apply time, a placeholder in a documentation
 * snippet). Such a finding is a hint, unless the workspace is declared complete
 * (`completeWorkspace`) or the name is a near miss of a name the workspace does define (a
 * likely typo), which keep the rule's severity. docs/accuracy.md describes it.
 */
import type { Lookup } from '../lookup';
import { type Resource, type Str, span } from '../model';
import type { RuleContext } from '../rule';
import type { MeshSettings } from '../settings';
import { closest, editDistance } from '../text';
import type { Severity } from '../types';

/** The part of a reference that names the object: `ns/name` → `name`, `name.ns.svc…` → `name`. */
function shortName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1).split('.')[0];
}

/**
 * True when `written` is a near miss of `suggestion` (a known name): different names, at most two
 * edits apart, and long enough (over 3 characters) that two edits do not make any name another.
 */
export function nearMiss(written: string, suggestion: string | undefined): boolean {
  if (!suggestion) return false;
  const a = shortName(written);
  const b = shortName(suggestion);
  return a !== b && a.length > 3 && editDistance(b, a) <= 2;
}

/** True when a missing reference is certain enough to keep the rule's severity. */
export function missingIsCertain(ctx: { settings: MeshSettings }, written: string, suggestion: string | undefined): boolean {
  return !!ctx.settings.completeWorkspace || nearMiss(written, suggestion);
}

/** The severity a report of a missing reference states: `hint` when uncertain, else the rule's own (undefined). */
export function missingSeverity(ctx: { settings: MeshSettings }, written: string, suggestion: string | undefined): Severity | undefined {
  return missingIsCertain(ctx, written, suggestion) ? undefined : 'hint';
}

/** The name of a Service of `namespace` closest to `name`, the likely meant one when no Service is named `name`. */
function closestServiceName(ws: Lookup, namespace: string, name: string): string | undefined {
  const names = ws
    .ofKind('Service', namespace)
    .map((s) => s.name)
    .filter((n): n is string => !!n);
  return closest(name, names);
}

/** The sentence ending such a message: what to do when the object is defined elsewhere. */
export function outsideNote(what: string): string {
  return `If it is defined outside these files (another repository, an operator or chart, or a namespace chosen at apply time), this is expected; set completeWorkspace when these files hold every ${what}.`;
}

/**
 * Reports a reference (`name`, in `res`) to a Service of `namespace` that the workspace does not
 * hold, at the policy's severity, with the closest Service name of that namespace as the
 * suggestion (`data.suggestion`). `message` places `didYouMean` (` (did you mean x?)`, or
 * nothing); `outsideNote('Service')` ends the message.
 */
export function reportMissingService(
  ctx: RuleContext,
  res: Resource,
  name: Str,
  namespace: string,
  data: Record<string, unknown>,
  message: (didYouMean: string) => string,
): void {
  const suggestion = closestServiceName(ctx.ws, namespace, name.value);
  const [start, end] = span(res, name.node);
  ctx.report({
    start,
    end,
    severity: missingSeverity(ctx, name.value, suggestion),
    message: `${message(suggestion ? ` (did you mean ${suggestion}?)` : '')} ${outsideNote('Service')}`,
    data: { ...data, suggestion },
  });
}
