// Snapshot tests of the TextMate injection grammar, tokenized offline with vscode-textmate and
// vscode-oniguruma over the YAML grammar from tm-grammars.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { root } from '../helpers.mjs';

const require = createRequire(import.meta.url);
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer;
const ready = oniguruma.loadWASM(wasm);

async function tokenizer() {
  await ready;
  const grammars = {
    'source.yaml': join(root, 'node_modules/tm-grammars/grammars/yaml.json'),
    'istio.injection.yaml': join(root, 'syntaxes/istio.injection.tmLanguage.json'),
  };
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope) => (grammars[scope] ? vsctm.parseRawGrammar(readFileSync(grammars[scope], 'utf8'), grammars[scope]) : null),
    getInjections: (scope) => (scope === 'source.yaml' ? ['istio.injection.yaml'] : []),
  });
  return registry.loadGrammar('source.yaml');
}

/** Tokens of interest (our scopes) as "text: scope" lines, per source line. */
function ours(grammar, text) {
  const out = [];
  let stack = vsctm.INITIAL;
  text.split('\n').forEach((line, i) => {
    const r = grammar.tokenizeLine(line, stack);
    for (const t of r.tokens) {
      const mine = t.scopes.filter((s) => s.endsWith('.istio') || s.endsWith('.regexp'));
      if (mine.length) out.push(`${i + 1}: ${JSON.stringify(line.slice(t.startIndex, t.endIndex))} ${mine.join(' ')}`);
    }
    stack = r.ruleStack;
  });
  return `${out.join('\n')}\n`;
}

const sample = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - match:
    - headers:
        cookie:
          regex: ".*canary=true.*"   # cookie canary
        user-agent:
          regex: ^(.*?;)?(iPhone)(;.*)?$
      uri:
        prefix: /api/v1
    - uri:
        exact: /login
    route:
    - destination: {host: reviews, subset: v2}
  # regex: not-a-match (comment)
`;

test('regex values and match operators are highlighted; comments are left alone', async () => {
  const g = await tokenizer();
  const got = ours(g, sample);
  const snap = join(root, 'test/grammar/virtualservice.snap');
  if (!existsSync(snap) || process.env.UPDATE_SNAPSHOTS) writeFileSync(snap, got);
  assert.equal(got, readFileSync(snap, 'utf8'));
  assert.match(got, /11: "regex" keyword\.operator\.match\.regex\.istio/);
  assert.match(got, /11: "\*" .*keyword\.operator\.quantifier\.regexp/);
  assert.match(got, /13: "\$" .*keyword\.control\.anchor\.regexp/);
  assert.match(got, /15: "prefix" keyword\.operator\.match\.prefix\.istio/);
  assert.match(got, /17: "exact" keyword\.operator\.match\.exact\.istio/);
  assert.doesNotMatch(got, /^21:/m);
});
