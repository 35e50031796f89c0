import { span } from '../model';
import { defineRule } from '../rule';
import { scalarString } from '../yamlutil';
import { isDurationField } from './_durations';
import { pairsOf } from './_walk';

/** Fields where Istio's validation accepts zero: a route `timeout: 0s` disables the timeout, a cookie `ttl: 0s` makes a session cookie. */
const ZERO_ALLOWED = new Set(['timeout', 'ttl']);
const UNIT_NS: Record<string, number> = { h: 3.6e12, m: 6e10, s: 1e9, ms: 1e6, us: 1e3, µs: 1e3, ns: 1 };
const GO_DURATION = /^(\d+(\.\d+)?(h|m|s|ms|us|µs|ns))+$/;

/** Nanoseconds of a Go/protobuf duration string, or undefined when it does not parse. */
export function durationNs(s: string): number | undefined {
  if (!GO_DURATION.test(s)) return undefined;
  let total = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)) total += Number(m[1]) * UNIT_NS[m[2]];
  return total;
}

export default defineRule({
  id: 'invalid-duration',
  severity: 'error',
  category: 'schema',
  title: 'A duration that is not a valid duration (e.g. `5s`, `250ms`), shorter than 1ms, or more precise than a millisecond.',
  kinds: ['VirtualService', 'DestinationRule'],
  check(res, ctx) {
    if (res.group !== 'networking.istio.io') return;
    for (const v of pairsOf(res)) {
      if (!v.value || !isDurationField(res, v.path)) continue;
      const raw = scalarString(v.value);
      if (raw === undefined) continue;
      const ns = durationNs(raw);
      let problem: string | undefined;
      if (ns === undefined) problem = `is not a duration: write a number with a unit, such as 5s, 250ms or 1m30s`;
      else if (ns === 0 && ZERO_ALLOWED.has(v.key)) continue;
      else if (ns < 1e6) problem = `is shorter than 1ms, the smallest duration Istio accepts`;
      else if (ns % 1e6 !== 0) problem = `is more precise than a millisecond, which Istio rejects`;
      if (!problem) continue;
      const [start, end] = span(res, v.value);
      ctx.report({ start, end, message: `\`${v.key}: ${raw}\` ${problem}.`, data: { resource: res.key, path: v.path, value: raw } });
    }
  },
});
