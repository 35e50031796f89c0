import { isScalar } from 'yaml';
import { addEdit, type FileEdits } from '../edits/edits';
import { span } from '../model';
import { policyOf } from '../query/policies';
import { defineRule } from '../rule';
import { closest } from '../text';

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

/** Does an Istio string match (exact, `prefix*`, `*suffix`, `*`) match some HTTP method? */
function matchesSomeMethod(v: string): boolean {
  if (v === '*') return true;
  const prefix = v.endsWith('*') && !v.startsWith('*');
  const suffix = v.startsWith('*') && !v.endsWith('*');
  if (prefix) return v.length > 1 && HTTP_METHODS.some((m) => m.startsWith(v.slice(0, -1)));
  if (suffix) return HTTP_METHODS.some((m) => m.endsWith(v.slice(1)));
  return HTTP_METHODS.includes(v);
}

interface Data {
  resource: string;
  method: string;
  suggestion?: string;
  quoted: boolean;
}

export default defineRule<Data>({
  id: 'unknown-http-method',
  severity: 'warning',
  category: 'structure',
  title: 'An AuthorizationPolicy method that matches no HTTP method (`GETT`, `get`, a gRPC method, which belongs in `paths`): it never matches a request.',
  upstream: ['KIA0102'],
  kinds: ['AuthorizationPolicy'],
  fixes: [
    { kind: 'safe', title: 'Upper-case a lower-case method (`get` → `GET`)' },
    { kind: 'suggestion', title: 'Change a misspelt method to the closest HTTP method (`GETT` → `GET`)' },
  ],
  check(res, ctx) {
    const pol = policyOf(res);
    if (!pol) return;
    const action = (pol.action ?? 'ALLOW').toUpperCase();
    for (const op of pol.operations) {
      for (const [field, list] of [
        ['methods', op.methods],
        ['notMethods', op.notMethods],
      ] as const) {
        for (const m of list) {
          const v = m.value.trim();
          if (matchesSomeMethod(v)) continue;
          const grpc = v.startsWith('/');
          const upper = v.toUpperCase();
          const suggestion = grpc || v.includes('*') ? undefined : HTTP_METHODS.includes(upper) ? upper : closest(upper, HTTP_METHODS);
          const effect =
            field === 'notMethods'
              ? 'every request has another method, so this exclusion excludes nothing'
              : action === 'DENY'
                ? 'no request has it, so this operation denies nothing'
                : action === 'ALLOW'
                  ? 'no request has it, so this operation allows nothing (requests it was meant to allow are refused when no other rule allows them)'
                  : 'no request has it, so this operation never matches';
          const kindOf = grpc
            ? 'is a gRPC method, but gRPC requests always have the HTTP method POST (match gRPC methods with paths: ["/package.Service/Method"])'
            : v.includes('*')
              ? 'matches no HTTP method (a wildcard goes at one end only: GET*, *ET)'
              : 'is not an HTTP method (methods are upper case)';
          const [start, end] = span(res, m.node);
          ctx.report({
            start,
            end,
            message: `Method ${JSON.stringify(v)} ${kindOf}: ${effect}.${suggestion ? ` Did you mean ${suggestion}?` : ''}`,
            data: { resource: res.key, method: v, suggestion, quoted: isScalar(m.node) && (m.node.type === 'QUOTE_DOUBLE' || m.node.type === 'QUOTE_SINGLE') },
          });
        }
      }
    }
  },
  fix(f) {
    const d = f.data;
    if (!d?.suggestion) return [];
    const edits: FileEdits = new Map();
    addEdit(edits, f.uri, { start: f.start + (d.quoted ? 1 : 0), end: f.end - (d.quoted ? 1 : 0), newText: d.suggestion });
    const caseOnly = d.suggestion === d.method.toUpperCase();
    return [{ title: `Change ${d.method} to ${d.suggestion}`, kind: caseOnly ? 'safe' : 'suggestion', preferred: true, edits }];
  },
});
