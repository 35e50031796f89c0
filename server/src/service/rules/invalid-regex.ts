import { span } from '../model';
import { compileRE2 } from '../query/regex';
import { defineRule } from '../rule';
import { scalarString } from '../yamlutil';
import { pairsOf } from './_walk';

export default defineRule({
  id: 'invalid-regex',
  severity: 'error',
  category: 'schema',
  title: 'A `regex:` match that does not compile as RE2 (Envoy rejects it; lookarounds and backreferences are not RE2).',
  kinds: ['VirtualService', 'EnvoyFilter', 'AuthorizationPolicy'],
  check(res, ctx) {
    if (res.kind !== 'VirtualService') return;
    for (const v of pairsOf(res)) {
      if (v.key !== 'regex' || !v.value) continue;
      const pattern = scalarString(v.value);
      if (pattern === undefined) continue;
      const re = compileRE2(pattern);
      if (re instanceof Error) {
        const [start, end] = span(res, v.value);
        ctx.report({
          start,
          end,
          message: `Regex \`${pattern}\` is not valid RE2 (${String(re.message).replace(/^error parsing regexp: /, '')}): Istio rejects the VirtualService.`,
          data: { resource: res.key, path: v.path, pattern },
        });
      }
    }
  },
});
