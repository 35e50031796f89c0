import { isScalar } from 'yaml';
import { addEdit, type FileEdits } from '../edits/edits';
import { span } from '../model';
import { policyOf } from '../query/policies';
import { defineRule } from '../rule';
import { closest } from '../text';

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];
/** A fully qualified gRPC method: `/package.Service/Method`. */
const GRPC = /^\/[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)+\/[A-Za-z_][\w]*$/;

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
  title: 'An AuthorizationPolicy method that is neither an HTTP method nor a fully qualified gRPC method (`GETT`, `get`): it never matches a request.',
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
          const v = m.value;
          // Prefix, suffix and presence matches (`*`, `GET*`) are Istio string matches, not method names.
          if (HTTP_METHODS.includes(v) || v.includes('*') || GRPC.test(v)) continue;
          const upper = v.toUpperCase();
          const suggestion = HTTP_METHODS.includes(upper) ? upper : v.startsWith('/') ? undefined : closest(upper, HTTP_METHODS);
          const effect =
            field === 'notMethods'
              ? 'every request has another method, so this exclusion excludes nothing'
              : action === 'DENY'
                ? 'no request has it, so this operation denies nothing'
                : action === 'ALLOW'
                  ? 'no request has it, so this operation allows nothing (requests it was meant to allow are refused when no other rule allows them)'
                  : 'no request has it, so this operation never matches';
          const kindOf = v.startsWith('/')
            ? 'is not a fully qualified gRPC method (/package.Service/Method)'
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
