/** Matching one request value: Istio StringMatches (exact, prefix, RE2 regex) and Gateway API value matches, each answering why it did not match. */
import { fullMatch } from '../query/regex';

export { fullMatch };

export type StringMatch = Record<string, unknown> | null | undefined;
export type Json = Record<string, unknown>;

export function q(s: string): string {
  return JSON.stringify(s);
}

/** An RE2 full match of `value` (the value of `what`): undefined when it matches, else why not (`tail` ends the miss, `errorTail` an invalid pattern). */
export function regexMiss(what: string, pattern: string, value: string, tail = '', errorTail = ''): string | undefined {
  try {
    return fullMatch(pattern, value) ? undefined : `${what} ${q(value)} does not match regex ${q(pattern)}${tail}`;
  } catch (e) {
    return `${what}: ${(e as Error).message}${errorTail}`;
  }
}

/** An Istio StringMatch against a value: undefined when it matches, else why not. */
export function stringMatch(what: string, sm: StringMatch, value: string | undefined, ignoreCase = false): string | undefined {
  if (sm !== undefined && sm !== null && (typeof sm !== 'object' || Array.isArray(sm)))
    return `${what} condition ${JSON.stringify(sm)} is not a StringMatch (exact, prefix or regex): Istio rejects it, so it never matches`;
  if (value === undefined) return `${what} is absent`;
  if (!sm) return undefined;
  const v = ignoreCase ? value.toLowerCase() : value;
  if (typeof sm.exact === 'string') {
    const e = ignoreCase ? sm.exact.toLowerCase() : sm.exact;
    return v === e ? undefined : `${what} ${q(value)} is not exactly ${q(sm.exact)}`;
  }
  if (typeof sm.prefix === 'string') {
    const p = ignoreCase ? sm.prefix.toLowerCase() : sm.prefix;
    return v.startsWith(p) ? undefined : `${what} ${q(value)} does not start with ${q(sm.prefix)}`;
  }
  if (typeof sm.regex === 'string') return regexMiss(what, sm.regex, value, ' (RE2, whole value)', ', so the match never applies');
  return undefined;
}

export function isEmptyMatch(sm: StringMatch): boolean {
  return !sm || typeof sm !== 'object' || (typeof sm.exact !== 'string' && typeof sm.prefix !== 'string' && typeof sm.regex !== 'string');
}

/** A Gateway API header or query parameter match (Exact or RegularExpression) against the request's value. */
export function valueMatch(what: string, m: { type: string; value: string }, value: string | undefined): string | undefined {
  if (value === undefined) return `${what} is absent`;
  if (m.type === 'RegularExpression') return regexMiss(what, m.value, value);
  return value !== m.value ? `${what} ${q(value)} is not ${q(m.value)}` : undefined;
}
