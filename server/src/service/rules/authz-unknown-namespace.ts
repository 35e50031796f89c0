import { span } from '../model';
import { policyOf } from '../query/policies';
import { defineRule } from '../rule';
import { closest } from '../text';

/** Istio's string match: exact, `prefix*`, `*suffix`, or `*`. */
function nsMatches(pattern: string, ns: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return ns.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return ns.endsWith(pattern.slice(1));
  return pattern === ns;
}

export default defineRule({
  id: 'authz-unknown-namespace',
  severity: 'warning',
  category: 'links',
  title:
    'An AuthorizationPolicy source namespace (`namespaces`, `notNamespaces`) that matches no namespace of the workspace; checked only when completeWorkspace says the files hold every namespace.',
  upstream: ['IST0101', 'KIA0101'],
  kinds: ['AuthorizationPolicy'],
  check(res, ctx) {
    // Namespaces are created by installers, operators and other repositories: only a workspace
    // declared complete knows them all.
    if (!ctx.settings.completeWorkspace) return;
    const pol = policyOf(res);
    if (!pol?.sources.some((s) => s.namespaces.length || s.notNamespaces.length)) return;
    const known = new Set<string>();
    for (const r of ctx.ws.allResources()) {
      if (r.explicitNamespace) known.add(r.namespace);
      if (r.kind === 'Namespace' && r.group === '' && r.name) known.add(r.name);
    }
    for (const src of pol.sources) {
      for (const [field, list] of [
        ['namespaces', src.namespaces],
        ['notNamespaces', src.notNamespaces],
      ] as const) {
        for (const n of list) {
          if ([...known].some((k) => nsMatches(n.value, k))) continue;
          const suggestion = n.value.includes('*') ? undefined : closest(n.value, [...known]);
          const [start, end] = span(res, n.node);
          ctx.report({
            start,
            end,
            message: `Source ${field === 'namespaces' ? 'namespace' : 'notNamespaces entry'} ${JSON.stringify(n.value)} matches no namespace of the workspace${suggestion ? ` (did you mean ${suggestion}?)` : ''}: ${field === 'namespaces' ? 'no request comes from it, so this source matches nothing' : 'it excludes nothing'}.`,
            data: { resource: res.key, namespace: n.value },
          });
        }
      }
    }
  },
});
