// The architecture, checked: which folder may import which (the layer matrix below, the same as
// ARCHITECTURE.md), the sub-layers inside the analysis core, no import cycle anywhere, and a core
// that stays editor- and platform-agnostic (no file system, no Node-only module, no LSP module but
// the plain-data types; its browser bundle loads and analyzes text on its own).
//
// Every import counts: `import`, `import type`, `export ... from`, `import()` and `require()`.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { root } from './helpers.mjs';

// ---------------------------------------------------------------------------------------------
// The layer matrix: one row per layer, the files it holds and the layers it may import.
// An entry in `may` is a layer name, or a single file (a path ending in .ts); `type <entry>`
// allows `import type` only. A layer may always import its own files. Imports of data files
// (JSON, YAML) and of packages are not project code and not checked here.
// ---------------------------------------------------------------------------------------------
const LAYERS = [
  //  layer       files                                                  may import
  { layer: 'protocol', files: ['server/src/protocol.ts'], may: [] },
  { layer: 'service', files: ['server/src/service/**'], may: ['type protocol'] },
  { layer: 'node', files: ['server/src/node/**'], may: ['service', 'protocol'] },
  { layer: 'cli', files: ['server/src/cli/**'], may: ['service', 'node', 'protocol'] },
  { layer: 'server', files: ['server/src/handlers/**', 'server/src/server.ts'], may: ['service', 'node', 'protocol'] },
  { layer: 'client', files: ['client/src/**'], may: ['protocol', 'type server/src/service/settings.ts'] },
  { layer: 'web', files: ['web/src/**'], may: ['server/src/service/index.ts', 'protocol'] },
];

// Inside server/src/service: sub-layers, a file may import its own level and lower ones, never higher.
const SERVICE_LEVELS = [
  //  level  name         files (relative to server/src/service)
  { level: 1, name: 'base', files: ['types.ts', 'text.ts', 'yamlutil.ts', 'limits.ts', 'settings.ts', 'hosts.ts', 'versions.ts'] },
  {
    level: 2,
    name: 'model',
    files: [
      'parse.ts',
      'model.ts',
      'model/**',
      'schema/**',
      'templates.ts',
      'kustomize.ts',
      'applyunits.ts',
      'build/**',
      'links.ts',
      'gatewayapi.ts',
      'lookup.ts',
      'findings.ts',
    ],
  },
  { level: 3, name: 'edits', files: ['edits/**', 'query/**'] },
  { level: 4, name: 'rules', files: ['rule.ts', 'rules/**'] },
  { level: 5, name: 'index', files: ['workspace/**', 'suppress.ts'] },
  { level: 6, name: 'surfaces', files: ['actions/**', 'features/**', 'simulate/**', 'routetests.ts'] },
  { level: 7, name: 'facade', files: ['index.ts'] },
];

const SOURCE_ROOTS = ['server/src', 'client/src', 'web/src'];

// ---------------------------------------------------------------------------------------------
// Reading imports. A small lexer blanks comments, template literals and regular expressions and
// numbers the string literals, so that an import is recognised only where it is code.
// ---------------------------------------------------------------------------------------------

/** Source with comments, templates and regexes blanked; string literals replaced by '#n' (n indexes `strings`). */
function mask(src) {
  const strings = [];
  let out = '';
  let i = 0;
  const n = src.length;
  // Whether a `/` here starts a regular expression: after an operator, a keyword or the start.
  const regexAllowed = () => {
    let j = out.length - 1;
    while (j >= 0 && /\s/.test(out[j])) j--;
    if (j < 0) return true;
    if (/[)\]]/.test(out[j])) return false;
    if (!/[\w$'"`]/.test(out[j])) return true;
    let k = j;
    while (k >= 0 && /[\w$]/.test(out[k])) k--;
    return /^(return|typeof|case|do|else|in|of|new|delete|void|throw|yield|await)$/.test(out.slice(k + 1, j + 1));
  };
  const braces = []; // open `{` kinds: 'code' or 'template' (a `${` inside a template literal)
  const template = () => {
    // at the character after a backtick or after the `}` that ends a substitution
    while (i < n) {
      const c = src[i];
      if (c === '\\') i += 2;
      else if (c === '`') {
        i++;
        out += '`';
        return;
      } else if (c === '$' && src[i + 1] === '{') {
        i += 2;
        out += '${';
        braces.push('template');
        return;
      } else {
        out += c === '\n' ? '\n' : ' ';
        i++;
      }
    }
  };
  while (i < n) {
    const c = src[i];
    const d = src[i + 1];
    if (c === '/' && d === '/') {
      while (i < n && src[i] !== '\n') i++;
    } else if (c === '/' && d === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      out += src.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      let s = '';
      while (j < n && src[j] !== c && src[j] !== '\n') {
        if (src[j] === '\\') {
          s += src[j + 1];
          j += 2;
        } else s += src[j++];
      }
      strings.push(s);
      out += `${c}#${strings.length - 1}${c}`;
      i = j + 1;
    } else if (c === '`') {
      out += '`';
      i++;
      template();
    } else if (c === '/' && regexAllowed()) {
      let j = i + 1;
      let cls = false;
      while (j < n && src[j] !== '\n') {
        if (src[j] === '\\') j += 2;
        else if (cls) {
          if (src[j] === ']') cls = false;
          j++;
        } else if (src[j] === '[') {
          cls = true;
          j++;
        } else if (src[j] === '/') break;
        else j++;
      }
      out += ' '.repeat(j + 1 - i);
      i = j + 1;
    } else if (c === '{') {
      braces.push('code');
      out += c;
      i++;
    } else if (c === '}') {
      i++;
      if (braces.pop() === 'template') {
        out += '}';
        template();
      } else out += '}';
    } else {
      out += c;
      i++;
    }
  }
  return { code: out, strings };
}

const STR = `(?<q>['"])#(?<n>\\d+)\\k<q>`;
const IMPORT_PATTERNS = [
  // import x from 'm'; import { a, type b } from 'm'; import type { T } from 'm'; import * as m from 'm'
  { re: new RegExp(`\\bimport\\s+(?!\\()([\\w$\\s{},*]*?)\\s*\\bfrom\\s*${STR}`, 'g'), kind: 'import' },
  // import 'm' (side effect)
  { re: new RegExp(`\\bimport\\s*${STR}`, 'g'), kind: 'side-effect' },
  // export { a } from 'm'; export * from 'm'; export type { T } from 'm'
  { re: new RegExp(`\\bexport\\s+((?:type\\s+)?(?:\\*(?:\\s*as\\s+[\\w$]+)?|\\{[^}]*\\}))\\s*from\\s*${STR}`, 'g'), kind: 'export' },
  // import('m'), also in type positions
  { re: new RegExp(`\\bimport\\s*\\(\\s*${STR}\\s*\\)`, 'g'), kind: 'dynamic' },
  // require('m'), import x = require('m')
  { re: new RegExp(`(?<![\\w$.])require\\s*\\(\\s*${STR}\\s*\\)`, 'g'), kind: 'require' },
];

/** Is an import clause type-only (`type X`, `type {…}`, or `{ type a, type b }`)? */
function typeOnly(clause) {
  const c = clause.trim();
  if (/^type\b/.test(c) && !/^type\s*,/.test(c) && !/^type\s+from$/.test(c)) return true;
  const braces = /^\{([^}]*)\}$/.exec(c);
  if (!braces) return false;
  const names = braces[1]
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return names.length > 0 && names.every((s) => /^type\s/.test(s));
}

/** Every import of a source text: { spec, kind, typeOnly, line }. */
function importsOf(src) {
  const { code, strings } = mask(src);
  const out = [];
  for (const { re, kind } of IMPORT_PATTERNS) {
    for (const m of code.matchAll(re)) {
      const clause = kind === 'import' || kind === 'export' ? m[1] : '';
      const spec = strings[Number(m.groups.n)];
      const line = code.slice(0, m.index).split('\n').length;
      out.push({ spec, kind, typeOnly: kind === 'dynamic' ? false : typeOnly(clause), line });
    }
  }
  return out.sort((a, b) => a.line - b.line);
}

// ---------------------------------------------------------------------------------------------
// The file graph.
// ---------------------------------------------------------------------------------------------
const posix = (p) => p.split(sep).join('/');

function sourceFiles(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) sourceFiles(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** A relative specifier as a repo path (`.ts`, `.d.ts`, `/index.ts` tried), or undefined when it names no file. */
function resolveSpec(fromAbs, spec) {
  const base = resolve(dirname(fromAbs), spec);
  const candidates = [base, `${base}.ts`, `${base}.d.ts`, join(base, 'index.ts')];
  if (/\.[cm]?js$/.test(base)) candidates.push(base.replace(/\.[cm]?js$/, '.ts'));
  for (const c of candidates) if (existsSync(c) && statSync(c).isFile()) return posix(relative(root, c));
  return undefined;
}

function globToRegExp(glob) {
  const re = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*\/?|\*/g, (m) => (m === '*' ? '[^/]*' : '.*'));
  return new RegExp(`^${re}$`);
}
const matchesAny = (globs, path) => globs.some((g) => globToRegExp(g).test(path));

const layerOf = (path) => LAYERS.find((l) => matchesAny(l.files, path))?.layer;
const SERVICE = 'server/src/service/';
const serviceLevelOf = (path) => SERVICE_LEVELS.find((l) => matchesAny(l.files, path.slice(SERVICE.length)));

/** { files: repo paths, edges: [{from, to, spec, kind, typeOnly, line}], external: [...], unresolved: [...] } */
function buildGraph() {
  const files = SOURCE_ROOTS.flatMap((r) => sourceFiles(join(root, r))).map((f) => posix(relative(root, f)));
  const edges = [];
  const external = [];
  const unresolved = [];
  for (const from of files) {
    for (const imp of importsOf(readFileSync(join(root, from), 'utf8'))) {
      if (!imp.spec.startsWith('.')) {
        external.push({ from, ...imp });
        continue;
      }
      const to = resolveSpec(join(root, from), imp.spec);
      if (!to) unresolved.push({ from, ...imp });
      else if (to.endsWith('.ts')) edges.push({ from, to, ...imp });
      // other targets are data files (JSON schemas, YAML examples): not code
    }
  }
  return { files, edges, external, unresolved };
}

const graph = buildGraph();
const where = (e) => `${e.from}:${e.line}`;
const report = (title, lines) => `${title} (${lines.length}):\n  ${lines.join('\n  ')}\n`;

// ---------------------------------------------------------------------------------------------
// Tests.
// ---------------------------------------------------------------------------------------------
test('the import reader sees every kind of import and nothing in comments or strings', () => {
  const src = [
    "import a from './a';",
    "import type { B } from './b';",
    "import { type C, d } from './c';",
    "import { type E } from './e';",
    "import * as f from './f';",
    "import './g';",
    "export { h } from './h';",
    "export * from './i';",
    "export type { J } from './j';",
    "const k = await import('./k');",
    "let l: import('./l').L;",
    "const m = require('./m');",
    "// import z from './commented';",
    "/* import y from './block'; */",
    'const s = "import x from \'./in-string\'";',
    "const r = /import w from '.\\/in-regex'/;",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: source text with a template literal, to test the import reader.
    "const t = `import v from './in-template' ${ require('./n') }`;",
    'const q = a / 2; const p = "x"; // /',
  ].join('\n');
  assert.deepEqual(
    importsOf(src).map((i) => `${i.spec}${i.typeOnly ? ' (type)' : ''} ${i.kind}`),
    [
      './a import',
      './b (type) import',
      './c import',
      './e (type) import',
      './f import',
      './g side-effect',
      './h export',
      './i export',
      './j (type) export',
      './k dynamic',
      './l dynamic',
      './m require',
      './n require',
    ],
  );
});

test('every source file belongs to one layer (and, in the core, to one sub-layer)', () => {
  assert.ok(graph.files.length > 50, 'source files found');
  const unplaced = graph.files.filter((f) => !layerOf(f)).map((f) => `${f}: in no layer of LAYERS`);
  for (const f of graph.files) if (f.startsWith(SERVICE) && !serviceLevelOf(f)) unplaced.push(`${f}: in no sub-layer of SERVICE_LEVELS`);
  assert.equal(unplaced.length, 0, report('files outside the layer matrix (add them to test/architecture.test.mjs)', unplaced));
});

test('relative imports name existing files', () => {
  const lines = graph.unresolved.map((e) => `${where(e)}: '${e.spec}' resolves to no file`);
  assert.equal(lines.length, 0, report('unresolved imports', lines));
});

/** Layer-matrix violations: `from -> to (rule)`. */
function layerViolations() {
  const out = [];
  for (const e of graph.edges) {
    const a = layerOf(e.from);
    const b = layerOf(e.to);
    if (!a || !b || a === b) continue;
    const row = LAYERS.find((l) => l.layer === a);
    const allowed = row.may.some((entry) => {
      const typeEntry = entry.startsWith('type ');
      const target = typeEntry ? entry.slice(5) : entry;
      if (typeEntry && !e.typeOnly) return false;
      return target.endsWith('.ts') ? e.to === target : b === target;
    });
    if (!allowed) {
      const may = row.may.length ? row.may.join(', ') : 'nothing of the project';
      out.push(`${e.from} -> ${e.to} (${a} may import ${may}; not ${b}${e.typeOnly ? ', even as a type' : ''}) at line ${e.line}`);
    }
  }
  return out;
}

test('imports across folders follow the layer matrix', () => {
  const lines = layerViolations();
  assert.equal(lines.length, 0, report('layer violations', lines));
});

test('inside the core, a sub-layer never imports a higher one', () => {
  const out = [];
  for (const e of graph.edges) {
    if (!e.from.startsWith(SERVICE) || !e.to.startsWith(SERVICE)) continue;
    const a = serviceLevelOf(e.from);
    const b = serviceLevelOf(e.to);
    if (!a || !b || b.level <= a.level) continue;
    out.push(`${e.from} -> ${e.to} (service level ${a.level} ${a.name} may not import level ${b.level} ${b.name}) at line ${e.line}`);
  }
  assert.equal(out.length, 0, report('service sub-layer violations', out));
});

/** Strongly connected components of the file graph (Tarjan), those with a cycle only. */
function cycles() {
  const next = new Map(graph.files.map((f) => [f, []]));
  for (const e of graph.edges) if (!next.get(e.from).includes(e.to)) next.get(e.from).push(e.to);
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const sccs = [];
  const strong = (v) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || next.get(v).includes(v)) sccs.push(scc.sort());
    }
  };
  for (const f of graph.files) if (!index.has(f)) strong(f);
  // One concrete cycle per component: the shortest path from its first file back to itself.
  return sccs.map((scc) => {
    const inScc = new Set(scc);
    const start = scc[0];
    const prev = new Map();
    const queue = [start];
    let end;
    while (queue.length && !end) {
      const v = queue.shift();
      for (const w of next.get(v)) {
        if (!inScc.has(w)) continue;
        if (w === start) {
          end = v;
          break;
        }
        if (!prev.has(w)) {
          prev.set(w, v);
          queue.push(w);
        }
      }
    }
    const path = [start];
    for (let v = end; v !== start; v = prev.get(v)) path.splice(1, 0, v);
    path.push(start);
    return { files: scc, path };
  });
}

test('no import cycles (type imports included)', () => {
  const found = cycles();
  const lines = found.map(
    (c) => `${c.path.join(' -> ')}${c.files.length > c.path.length - 1 ? `  (a knot of ${c.files.length} files: ${c.files.join(', ')})` : ''}`,
  );
  assert.equal(lines.length, 0, report('import cycles', lines));
});

// Packages the core never imports, not even for a type (ARCHITECTURE.md, Invariants): Node's
// modules, and every LSP package but the plain-data types (`vscode-languageserver-types`:
// positions, ranges, completion items, the shapes yaml-language-server's language service returns
// too). The connection, the protocol, JSON-RPC and the client are the surfaces' business; the
// text-document package is too, as the core's line index is its own (`text.ts`).
const CORE_BANNED_PACKAGES = [
  /^node:/,
  /^(fs|fs\/promises|path|os|child_process|url|util|crypto|worker_threads)$/,
  /^vscode$/,
  /^vscode-languageserver(\/.*)?$/,
  /^vscode-languageserver-protocol(\/.*)?$/,
  /^vscode-languageserver-textdocument(\/.*)?$/,
  /^vscode-languageclient(\/.*)?$/,
  /^vscode-jsonrpc(\/.*)?$/,
];
const bannedInCore = (spec) => CORE_BANNED_PACKAGES.some((re) => re.test(spec));

test('the core package rule: Node and LSP modules are caught (type imports too), the plain-data LSP types pass', () => {
  const src = [
    "import { createConnection } from 'vscode-languageserver/node';",
    "import type { Diagnostic } from 'vscode-languageserver-protocol';",
    "import { TextDocument } from 'vscode-languageserver-textdocument';",
    "import type { MessageConnection } from 'vscode-jsonrpc';",
    "import { readFileSync } from 'node:fs';",
    "import { join } from 'path';",
    "import { CompletionItemKind, type Range } from 'vscode-languageserver-types';",
    "import { parseDocument } from 'yaml';",
  ].join('\n');
  assert.deepEqual(
    importsOf(src)
      .filter((i) => bannedInCore(i.spec))
      .map((i) => i.spec),
    ['vscode-languageserver/node', 'vscode-languageserver-protocol', 'vscode-languageserver-textdocument', 'vscode-jsonrpc', 'node:fs', 'path'],
  );
});

test('server/src/service imports no Node module and no LSP module but the plain-data types', () => {
  const service = graph.files.filter((f) => f.startsWith(SERVICE));
  assert.ok(service.length > 10);
  const lines = graph.external.filter((e) => e.from.startsWith(SERVICE) && bannedInCore(e.spec)).map((e) => `${where(e)}: '${e.spec}'`);
  for (const f of service) {
    const { code } = mask(readFileSync(join(root, f), 'utf8'));
    code.split('\n').forEach((text, i) => {
      if (/(?<![\w$.])require\s*\(/.test(text)) lines.push(`${f}:${i + 1}: require()`);
      if (/(?<![\w$.])process\./.test(text)) lines.push(`${f}:${i + 1}: process.`);
    });
  }
  assert.equal(lines.length, 0, report('Node or LSP use in the core', lines));
});

test('the core facade names its exports (no export *)', () => {
  const src = readFileSync(join(root, SERVICE, 'index.ts'), 'utf8');
  const lines = importsOf(src)
    .filter((i) => i.kind === 'export' && /\bexport\s+\*/.test(src.split('\n')[i.line - 1]))
    .map((i) => `${SERVICE}index.ts:${i.line}: export * from '${i.spec}'`);
  assert.equal(lines.length, 0, report('wildcard re-exports in the facade', lines));
});

test('the browser bundle of the core analyzes text without Node APIs', async () => {
  const mod = await import(pathToFileURL(join(root, 'dist/service.browser.mjs')).href);
  const ws = mod.createWorkspace();
  ws.setFile(
    'inmemory://model/vs.yaml',
    'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: x\nspec:\n  hosts: [x]\n  gateways: [nowhere]\n  http:\n  - directResponse: {status: 200}\n',
  );
  assert.deepEqual(
    ws.diagnostics('inmemory://model/vs.yaml').map((d) => d.rule),
    ['unknown-gateway'],
  );
});
