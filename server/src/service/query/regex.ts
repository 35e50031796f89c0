/**
 * RE2, as Envoy's `safe_regex` evaluates it: one compile (cached) for every place that reads a
 * `regex:` of a route, the `invalid-regex` rule and route simulation alike.
 */
import { RE2JS } from 're2js';

const cache = new Map<string, RE2JS | Error>();

/** The compiled pattern, or the compile error (RE2 has no lookarounds or backreferences). */
export function compileRE2(pattern: string, ignoreCase = false): RE2JS | Error {
  const key = (ignoreCase ? 'i:' : ':') + pattern;
  let re = cache.get(key);
  if (!re) {
    try {
      re = RE2JS.compile(pattern, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
    } catch (e) {
      re = e instanceof Error ? e : new Error(String(e));
    }
    if (cache.size > 1000) cache.clear();
    cache.set(key, re);
  }
  return re;
}

/** RE2 full match, as Envoy's safe_regex does; throws when the pattern is not valid RE2. */
export function fullMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const re = compileRE2(pattern, ignoreCase);
  if (re instanceof Error) throw new Error(`regex \`${pattern}\` is not valid RE2`);
  return re.matches(value);
}
