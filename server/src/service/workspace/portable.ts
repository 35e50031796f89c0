/**
 * Portable files: what one workspace hands another about the files it parsed, so that a
 * workspace holding only some files parsed can still answer lookups across all of them
 * (`meshlint --jobs`: each worker parses a share of the files and analyses them against the
 * others' portable files).
 *
 * A portable file is its resources with their views, as data: every YAML node is reduced to its
 * type and range (what `span()` and `nodeRange()` read); the parsed documents and the text are
 * left out (the receiver reads a text again when it needs one). On the receiving side each reduced node, document and text fact is a guard: any
 * read beyond what was kept (a node's value or children, a document, the text facts) is reported
 * through `touched`, so a caller can tell that an analysis needed more than was sent, and
 * redo it with every file parsed, instead of trusting an answer built on missing data.
 */
import { adoptGatewayApiView, gatewayApiView } from '../gatewayapi';
import type { FileEntry } from '../lookup';
import type { Resource } from '../model';
import type { YamlDoc } from '../parse';
import { LineIndex } from '../text';

/** yaml's node identity symbols (`identity.js`: registered with Symbol.for, so they are shared across copies of the package). */
const NODE_TYPE = Symbol.for('yaml.node.type');
const NODE_TYPES: Record<string, symbol> = {
  alias: Symbol.for('yaml.alias'),
  doc: Symbol.for('yaml.document'),
  map: Symbol.for('yaml.map'),
  pair: Symbol.for('yaml.pair'),
  scalar: Symbol.for('yaml.scalar'),
  seq: Symbol.for('yaml.seq'),
};
/**
 * A reduced YAML node, as one string: a NUL (a string of the model that starts with one is
 * escaped, see `reduce`), the node's type letter, and its range (relative to its document); a
 * pair adds its key and value:
 * `\0s12,15,16`, `\0p` + key + `\u0001` + value. Strings keep the JSON small and quick to parse.
 */
type NodeData = string;
const MARK = '\u0000';
const SEP = '\u0001';
const UNDEFINED = `${MARK}u`;
const LETTERS: Record<string, string> = { alias: 'a', doc: 'd', map: 'm', pair: 'p', scalar: 's', seq: 'q' };
const LETTER_OF = new Map(Object.entries(NODE_TYPES).map(([name, sym]) => [sym, LETTERS[name]]));

interface PortableResource extends Omit<Resource, 'doc' | 'node' | 'nameNode' | 'kindNode' | 'view'> {
  /** The Gateway API view (computed on demand from the syntax, which is not sent). */
  gatewayApi?: unknown;
  doc: { base: number; index: number };
  node: NodeData;
  nameNode?: NodeData;
  kindNode?: NodeData;
  view?: unknown;
}

interface PortableFile {
  uri: string;
  kubernetes: boolean;
  /** True when the text as analyzed differs from the text (pasted whitespace was replaced). */
  normalized?: boolean;
  skipped?: FileEntry['skipped'];
  fragment?: boolean;
  resources: PortableResource[];
}

function reduceNode(v: object, type: symbol): NodeData {
  const letter = LETTER_OF.get(type) ?? 's';
  if (letter === 'p') {
    const p = v as { key: object | null; value: object | null };
    const part = (n: object | null) => (n ? reduceNode(n, (n as Record<symbol, symbol>)[NODE_TYPE]).slice(1) : '');
    return `${MARK}p${part(p.key)}${SEP}${part(p.value)}`;
  }
  const range = (v as { range?: [number, number, number] }).range;
  return `${MARK}${letter}${range ? range.join(',') : ''}`;
}

/**
 * Reduce a value of the resource model to JSON: YAML nodes to NodeData, plain objects and arrays
 * copied. What JSON would change is written as a marked string too, so that it comes back the
 * same: `undefined` (`\0u`: a property that is there with no value stays there), numbers JSON has
 * no text for (`\0#NaN`, `\0#Infinity`, `\0#-0`), and a string that starts with NUL (`\0\0…`).
 * Anything else (a function, a class instance) cannot be sent: it throws, and the caller
 * analyses in one thread.
 */
function reduce(v: unknown): unknown {
  switch (typeof v) {
    case 'string':
      return v.charCodeAt(0) === 0 ? MARK + v : v;
    case 'number':
      return Number.isFinite(v) && !Object.is(v, -0) ? v : `${MARK}#${Object.is(v, -0) ? '-0' : String(v)}`;
    case 'undefined':
      return UNDEFINED;
    case 'boolean':
      return v;
    case 'object':
      break;
    default:
      throw new Error(`portable: cannot send a ${typeof v} of the resource model`);
  }
  if (v === null) return v;
  if (Array.isArray(v)) return v.map(reduce);
  const type = (v as Record<symbol, symbol>)[NODE_TYPE];
  if (type) return reduceNode(v, type);
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) throw new Error(`portable: cannot send a ${proto?.constructor?.name ?? 'value'} of the resource model`);
  const out: Record<string, unknown> = {};
  for (const k in v) out[k] = reduce((v as Record<string, unknown>)[k]);
  return out;
}

/** The files as a JSON text another workspace can take (see `foreignFiles`). Their texts are not in it: the taker reads them when it needs them. */
export function portableFiles(entries: Iterable<FileEntry>): string {
  const out: PortableFile[] = [];
  for (const f of entries) {
    out.push({
      uri: f.uri,
      kubernetes: f.kubernetes,
      ...(f.analysisText !== f.text ? { normalized: true } : {}),
      ...(f.skipped ? { skipped: f.skipped } : {}),
      ...(f.fragment ? { fragment: true } : {}),
      resources: f.resources.map((r) => {
        // Every field as it is (nodes reduced), but of the parsed document only its place.
        const pr: Record<string, unknown> = {};
        for (const k in r) pr[k] = k === 'doc' ? { base: r.doc.base, index: r.doc.index } : reduce((r as unknown as Record<string, unknown>)[k]);
        const gv = gatewayApiView(r);
        if (gv) pr.gatewayApi = reduce(gv);
        return pr as unknown as PortableResource;
      }),
    });
  }
  return JSON.stringify(out);
}

/**
 * A prototype that reports every read that reaches it: an object built on it answers its own
 * keys, and any other read (a missing key, `in`) is reported through `touched`. Own keys are
 * read at full speed; only the misses go through the proxy.
 */
function guardProto(what: string, touched: (what: string) => void, own: Record<string | symbol, unknown> = {}): object {
  return new Proxy(own, {
    get(t, p) {
      if (Object.hasOwn(t, p)) return t[p];
      touched(`${what}.${String(p)}`);
      return undefined;
    },
    has(t, p) {
      if (Object.hasOwn(t, p)) return true;
      touched(`${what} has ${String(p)}`);
      return false;
    },
  });
}

/**
 * Files of another workspace, from `portableFiles`: entries whose resources answer lookups and
 * give ranges, and whose every other part reports a read through `touched`. `text` gives a
 * file's text (as the other workspace read it) when something needs it.
 */
export function foreignFiles(json: string, text: (uri: string) => string, touched: (what: string) => void): FileEntry[] {
  // A reduced node becomes an object with the guard of its type as prototype: it answers yaml's
  // type checks (isMap, isPair, ...) and its range, and reports any other read. (Classes with
  // fields: constructing them is quicker than Object.create.)
  const guarded = (name: string, sym: symbol) => {
    class Guarded {}
    Object.setPrototypeOf(Guarded.prototype, guardProto(`foreign ${name}`, touched, { [NODE_TYPE]: sym }));
    return Guarded;
  };
  const ranged: Record<string, new (range: [number, number, number] | undefined) => object> = {};
  for (const [name, sym] of Object.entries(NODE_TYPES)) {
    if (name === 'pair') continue;
    ranged[LETTERS[name]] = class extends guarded(name, sym) {
      range;
      constructor(range: [number, number, number] | undefined) {
        super();
        this.range = range;
      }
    };
  }
  const Pair = class extends guarded('pair', NODE_TYPES.pair) {
    key;
    value;
    constructor(key: object | null, value: object | null) {
      super();
      this.key = key;
      this.value = value;
    }
  };
  const docProto = guardProto('foreign document', touched);
  const node = (s: string): object => {
    const letter = s[0];
    if (letter === 'p') {
      const sep = s.indexOf(SEP);
      return new Pair(sep > 1 ? node(s.slice(1, sep)) : null, sep + 1 < s.length ? node(s.slice(sep + 1)) : null);
    }
    let range: [number, number, number] | undefined;
    if (s.length > 1) {
      const c1 = s.indexOf(',');
      const c2 = s.indexOf(',', c1 + 1);
      range = [+s.slice(1, c1), +s.slice(c1 + 1, c2), +s.slice(c2 + 1)];
    }
    return new (ranged[letter] ?? ranged.s)(range);
  };
  // The marked strings of `reduce`: nodes, undefined, numbers JSON cannot hold, strings that start with NUL.
  const marked = (x: string): unknown => {
    switch (x[1]) {
      case '\u0000':
        return x.slice(1);
      case '#':
        return Number(x.slice(2));
      case 'u':
        return undefined;
      default:
        return node(x.slice(1));
    }
  };
  const value = (x: unknown): unknown => {
    if (typeof x === 'string') return x.charCodeAt(0) === 0 ? marked(x) : x;
    if (x !== null && typeof x === 'object') revive(x as Record<string, unknown>);
    return x;
  };
  // Replaces the reduced nodes of a JSON value in place.
  const revive = (o: Record<string, unknown> | unknown[]): void => {
    if (Array.isArray(o)) {
      for (let i = 0; i < o.length; i++) {
        const x = o[i];
        if (typeof x === 'object' ? x !== null : typeof x === 'string' && x.charCodeAt(0) === 0) o[i] = value(x);
      }
      return;
    }
    for (const k in o) {
      const x = o[k];
      if (typeof x === 'object' ? x !== null : typeof x === 'string' && x.charCodeAt(0) === 0) o[k] = value(x);
    }
  };
  const files = JSON.parse(json) as PortableFile[];
  return files.map((f) => {
    for (const r of f.resources) {
      const x = r as unknown as Record<string, unknown>;
      revive(x);
      if (x.gatewayApi) {
        adoptGatewayApiView(r as unknown as Resource, value(x.gatewayApi) as Parameters<typeof adoptGatewayApiView>[1]);
        delete x.gatewayApi;
      }
      Object.setPrototypeOf(r.doc, docProto);
    }
    return foreignEntry(f, text, touched);
  });
}

function foreignEntry(f: PortableFile, text: (uri: string) => string, touched: (what: string) => void): FileEntry {
  let read: { text: string; lines: LineIndex } | undefined;
  const load = () => {
    if (!read) {
      const t = text(f.uri);
      read = { text: t, lines: new LineIndex(t) };
    }
    return read;
  };
  const entry = {
    uri: f.uri,
    get text() {
      return load().text;
    },
    get analysisText() {
      // Pasted whitespace replaced: the replaced text was not sent.
      if (f.normalized) touched('foreign analysisText');
      return load().text;
    },
    get lines() {
      return load().lines;
    },
    // Not arrays: a guard over one would answer `length` (0) without reporting the read.
    docs: guardProto('foreign documents', touched) as YamlDoc[],
    resources: f.resources as unknown as Resource[],
    kubernetes: f.kubernetes,
    facts: guardProto('foreign text facts', touched) as FileEntry['facts'],
    ...(f.skipped ? { skipped: f.skipped } : {}),
    ...(f.fragment ? { fragment: true } : {}),
  };
  return entry;
}
