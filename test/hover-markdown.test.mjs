// Markdown built from YAML values (hover, completion documentation) shows them as written: a name
// such as `![t](http://…) [click](http://…)` must not become an image request or a live link in an
// editor or the playground. Every markdown-producing feature gets hostile names everywhere, and
// its Markdown is rendered with marked (the renderer of monaco, the playground's editor).

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { svc } from './helpers.mjs';

const require = createRequire(import.meta.url);
let marked;
try {
  ({ marked } = require('marked'));
} catch {
  console.log('# SKIP hover markdown: the marked package (a dependency of monaco-editor) is not installed');
}
const skip = marked ? false : 'marked is not installed';

// An image, a link, a code span broken by a backtick, raw HTML, bare autolinks, a line break.
const EVIL = [
  '![t](http://img.example/i.png) [click](http://link.example)',
  'x` [c](http://tick.example) `y',
  '<img src=http://html.example/x.png>',
  'www.auto.example http://bare.example/ mail@mail.example',
  '[ref]\n\n[ref]: http://ref.example',
];
const DOMAINS = /(img|link|tick|html|auto|bare|mail|ref)\.example/;
const N = EVIL.join(' ');
const q = JSON.stringify;

const files = {
  'dr.yaml': `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ${q(N)}
  namespace: ${q(EVIL[1])}
spec:
  host: ${q(N)}
  subsets:
  - name: ${q(N)}
    labels:
      ${q(N)}: ${q(N)}
`,
  'vs.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${q(N)}
  namespace: ${q(EVIL[1])}
spec:
  hosts: [${q(N)}]
  gateways: [${q(N)}, ${q(`${EVIL[1]}/${N}`)}, ${q(`x/${N}`)}]
  http:
  - mirror:
      host: ${q(N)}
      subset: ${q(N)}
    route:
    - destination:
        host: ${q(N)}
        subset: ${q(N)}
      weight: 60
    - destination:
        host: ${q(N)}
        subset: ${q(`${N} missing`)}
      weight: 40
    - destination:
        host: ${q(`nowhere ${N}`)}
        subset: ${q(N)}
`,
  [`${encodeURIComponent(N)}.yaml`]: `apiVersion: v1
kind: Service
metadata:
  name: ${q(N)}
  namespace: ${q(EVIL[1])}
spec:
  selector:
    ${q(N)}: ${q(N)}
  ports:
  - name: http
    port: 80
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${q(N)}
  namespace: ${q(EVIL[1])}
spec:
  selector:
    matchLabels:
      ${q(N)}: ${q(N)}
  template:
    metadata:
      labels:
        ${q(N)}: ${q(N)}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: ${q(N)}
  namespace: ${q(EVIL[1])}
spec:
  hosts: [${q(N)}]
  resolution: DNS
`,
  'gw.yaml': `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: ${q(N)}
  namespace: ${q(EVIL[1])}
spec:
  selector:
    ${q(N)}: ${q(N)}
  servers:
  - port: {number: 80, name: ${q(N)}, protocol: ${q(N)}}
    hosts: [${q(N)}]
`,
  'k8s.yaml': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: ${q(N)}
  namespace: ${q(EVIL[1])}
spec:
  gatewayClassName: ${q(N)}
  listeners:
  - name: ${q(N)}
    protocol: ${q(N)}
    port: 80
    hostname: ${q(N)}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: ${q(N)}
  namespace: ${q(EVIL[1])}
spec:
  parentRefs:
  - name: ${q(N)}
    sectionName: ${q(N)}
  - name: ${q(`${N} missing`)}
  - kind: Service
    group: ""
    name: ${q(N)}
  rules:
  - backendRefs:
    - name: ${q(N)}
      port: 80
    - name: ${q(`${N} missing`)}
      port: 80
      weight: 3
`,
  // A Kustomize build in a folder with a hostile name and namespace, and a file it leaves out.
  [`${encodeURIComponent(N)}/kustomization.yaml`]: `namespace: ${q(N)}\nresources:\n- built.yaml\n`,
  [`${encodeURIComponent(N)}/built.yaml`]: `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: built
spec:
  hosts: [built]
`,
  [`${encodeURIComponent(N)}/stray.yaml`]: `apiVersion: networking.istio.io/v1
kind: ${q(N)}
metadata:
  name: stray
`,
};

/** Positions worth asking about: the start and the middle of every token of every line. */
function positions(text) {
  const out = [];
  text.split('\n').forEach((line, l) => {
    for (let i = 0; i < line.length; i++)
      if (line[i] !== ' ' && (i === 0 || /[\s[{,:"-]/.test(line[i - 1]))) out.push({ line: l, character: i }, { line: l, character: i + 3 });
  });
  return out;
}

/** The text of rendered HTML as a reader sees it. */
const textOf = (html) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
const shown = EVIL.map((e) => e.replace(/\s+/g, ' '));

test('hover and completion documentation: hostile YAML values render as text, never as a link, an image or HTML', { skip }, () => {
  const ws = svc.createWorkspace();
  const uri = (f) => `file:///ws/${f}`;
  ws.roots = ['file:///ws'];
  for (const [f, text] of Object.entries(files)) ws.setFile(uri(f), text);
  const rendered = [];
  const check = (markdown, where) => {
    const html = marked.parse(markdown);
    // No element that points anywhere the YAML named: no link, image or other fetch.
    for (const m of html.matchAll(/<(\w+)[^>]*\b(?:href|src)\s*=\s*"?([^"\s>]*)/g))
      assert.doesNotMatch(m[2], DOMAINS, `${where}: <${m[1]}> to ${m[2]} in ${JSON.stringify(markdown)}`);
    // The schema's own descriptions may link to istio.io; nothing else links or loads anything.
    assert.doesNotMatch(html, /<img/i, `${where}: ${html}`);
    rendered.push({ where, text: textOf(html), markdown });
  };
  for (const [f, text] of Object.entries(files))
    for (const p of positions(text)) {
      const h = svc.hover(ws, uri(f), p);
      if (h) check(h.contents.value, `hover ${f}:${p.line + 1}:${p.character + 1}`);
      for (const item of svc.completion(ws, uri(f), p) ?? []) {
        const doc = item.documentation;
        if (doc && typeof doc === 'object' && doc.kind === 'markdown') check(doc.value, `completion ${item.label} at ${f}:${p.line + 1}`);
      }
    }
  // The hostile values were shown (as text) by every kind of hover: the test saw them.
  const kinds = {
    'subset (VirtualService)': /^Subset .* of DestinationRule /,
    'missing subset': /^Subset .* is not defined for /,
    host: /^Host .*→|^Host .*taken as/,
    'host without target': /No Service or ServiceEntry/,
    weight: /^Weight 60 → 60% .*Split: /,
    'Istio gateway': /^Gateway .* \(namespace .*selector: /,
    'Istio gateway missing': /^Gateway .*: not defined in the workspace/,
    'DestinationRule subset': /^Subset .* labels /,
    backend: /^Backend .*Service .* — .*\.yaml:\d+/,
    'backend missing': /^Backend .* is not in the workspace/,
    'parent Gateway': /^Gateway .*listeners \(attached in bold\)/,
    'parent missing': /: not in the workspace\./,
    'parent Service': /mesh route: the route applies/,
    'Gateway API gateway name': /route attached in the workspace|routes attached in the workspace/,
    'schema key': /— (string|map of string) \(/,
    build: /^VirtualService is applied by this build, .* kustomization .* \(namespace .*\)/,
    'no build': /: applied by no build\./,
  };
  for (const [kind, re] of Object.entries(kinds)) {
    const hits = rendered.filter((r) => re.test(r.text));
    assert.ok(hits.length, `a ${kind} hover was produced`);
    if (kind === 'schema key' || kind === 'weight') continue;
    assert.ok(
      hits.some((r) => shown.every((s) => r.text.includes(s))),
      `a ${kind} hover shows the hostile name as written; got ${JSON.stringify(hits[0].text)} from ${JSON.stringify(hits[0].markdown)}`,
    );
  }
});

test('mdText and mdCode: literal text and code spans for any value', { skip }, () => {
  for (const v of [...EVIL, '`', '``x``', ' lead', 'trail ', '\\[x](http://link.example)', '*a* _b_ ~~c~~ # d', '1. e', '- f', '&amp; &#x41;', '']) {
    const one = v.replace(/\s+/g, ' ');
    for (const [name, md] of [
      ['mdText', svc.mdText(v)],
      ['mdCode', svc.mdCode(v)],
    ]) {
      const html = marked.parse(`x ${md} y`);
      assert.doesNotMatch(html, /<a\s|<img|<em|<strong|<del|<h\d|<li/, `${name}(${JSON.stringify(v)}) → ${html}`);
      assert.doesNotMatch(md, /\n/);
      if (one.trim()) assert.equal(textOf(html).trim(), `x ${one} y`.replace(/\s+/g, ' '), `${name}(${JSON.stringify(v)})`);
    }
  }
});
