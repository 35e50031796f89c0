/**
 * The settings file: `.meshlintrc.json`, `.meshlintrc.yaml` (or `--config <file>`), the same
 * shape as the editor settings, validated against schemas/meshlintrc.json. A mistake stops the
 * run with exit code 2 and a file:line message; unknown rule ids get a did-you-mean.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import Ajv from 'ajv';
import { isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import schema from '../../../schemas/meshlintrc.json';
import { closest, RULES, type SeveritySetting } from '../service/index';
import { UsageError } from './files';

export const CONFIG_NAMES = ['.meshlintrc.json', '.meshlintrc.yaml', '.meshlintrc.yml', 'meshlint.config.json'];

export interface LoadedConfig {
  /** Settings in the core's shape (severities normalized). */
  settings: Record<string, unknown>;
  /** The file, when one was found. */
  file?: string;
  /** The folder its relative patterns are resolved against. */
  dir?: string;
}

/** ESLint's severity spellings mapped to ours. */
export function normalizeSeverity(v: unknown): SeveritySetting | undefined {
  if (v === 'off' || v === 0 || v === '0') return 'off';
  if (v === 'warn' || v === 'warning' || v === 1 || v === '1') return 'warning';
  if (v === 'error' || v === 2 || v === '2') return 'error';
  if (v === 'info' || v === 'hint') return v;
  return undefined;
}

/** The config file for a run: `--config`, else the nearest of CONFIG_NAMES in the working directory or a parent. */
export function findConfig(path: string | undefined, cwd: string): string | undefined {
  if (path) {
    const file = resolve(cwd, path);
    if (!existsSync(file)) throw new UsageError(`config file not found: ${path}`);
    return file;
  }
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const hit = CONFIG_NAMES.map((n) => join(dir, n)).find((p) => existsSync(p));
    if (hit) return hit;
    if (dirname(dir) === dir) return undefined;
  }
}

let validate: ReturnType<Ajv['compile']> | undefined;

export function loadConfig(path: string | undefined, cwd: string): LoadedConfig {
  const file = findConfig(path, cwd);
  if (!file) return { settings: {} };
  const shown = relative(cwd, file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    throw new UsageError(`cannot read config ${shown}: ${(e as Error).message}`);
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const at = (offset: number) => `${shown}:${lc.linePos(offset).line}`;
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw new UsageError(`${at(e.pos[0])}: config is not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${e.message.split('\n')[0]}`);
  }
  if (/\.json$/i.test(file)) {
    const bad = jsonErrorOffset(text);
    if (bad !== undefined) throw new UsageError(`${at(bad.offset)}: config is not valid JSON: ${bad.message}`);
  }
  let data: Record<string, unknown>;
  try {
    data = doc.toJS() ?? {};
  } catch (e) {
    // The yaml package refuses aliases that expand to far more data than the text holds.
    const bomb = /alias/i.test((e as Error).message);
    throw new UsageError(
      `${shown}: config cannot be read: ${bomb ? 'its YAML aliases (*name) expand to too much data (an alias bomb); write the settings out without nested aliases' : (e as Error).message}`,
    );
  }
  // Where a JSON pointer path sits in the file, for file:line messages.
  const lineOf = (path: string[], key = false): string => {
    let node: Node | null | undefined = doc.contents as Node | null;
    let offset = node?.range?.[0] ?? 0;
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => String((p.key as { value?: unknown })?.value) === seg);
        if (!pair) break;
        offset = (key ? (pair.key as Node)?.range?.[0] : (pair.value as Node | null)?.range?.[0]) ?? (pair.key as Node)?.range?.[0] ?? offset;
        node = pair.value as Node | null;
      } else if (isSeq(node)) {
        node = node.items[Number(seg)] as Node | null;
        offset = node?.range?.[0] ?? offset;
      } else break;
    }
    return at(offset);
  };
  validate ??= new Ajv({ allErrors: true, strict: false, verbose: true }).compile(schema as object);
  if (!validate(data)) {
    const problems: string[] = [];
    for (const e of validate.errors ?? []) {
      const path = e.instancePath
        .split('/')
        .slice(1)
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
      if (e.keyword === 'additionalProperties') {
        const key = String((e.params as { additionalProperty: string }).additionalProperty);
        const known = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
        const hint = closest(key, known);
        problems.push(
          `${lineOf([...path, key], true)}: unknown setting "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}; allowed: ${known.filter((k) => k !== '$schema').join(', ')}`,
        );
      } else if (e.keyword === 'enum' && path[0] === 'rules') {
        problems.push(
          `${lineOf(path)}: severity of rule "${path[1]}" must be error, warning, info, hint or off (or warn, 0, 1, 2), not ${JSON.stringify(e.data)}`,
        );
      } else if (e.keyword === 'propertyNames' || (e.keyword === 'pattern' && path[0] === 'rules')) {
      } else {
        problems.push(`${lineOf(path)}: ${path.length ? path.join('.') : 'the config'} ${e.message}`);
      }
    }
    if (problems.length) throw new UsageError(problems.join('\nmeshlint: '));
  }
  const settings: Record<string, unknown> = { ...(data as object) };
  delete settings.$schema;
  if (data.rules && typeof data.rules === 'object') {
    const rules: Record<string, SeveritySetting> = {};
    const ids = RULES.map((r) => r.id);
    const problems: string[] = [];
    for (const [id, v] of Object.entries(data.rules as Record<string, unknown>)) {
      if (!ids.includes(id)) {
        const hint = closest(id, ids);
        problems.push(`${lineOf(['rules', id], true)}: unknown rule "${id}"${hint ? ` (did you mean "${hint}"?)` : ''} (see meshlint --list-rules)`);
        continue;
      }
      rules[id] = normalizeSeverity(v)!;
    }
    if (problems.length) throw new UsageError(problems.join('\nmeshlint: '));
    settings.rules = rules;
  }
  return { settings, file, dir: dirname(file) };
}

/** Where a JSON text stops being valid JSON (JSON.parse does not say where in every Node version). */
export function jsonErrorOffset(text: string): { offset: number; message: string } | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && /[ \t\r\n]/.test(text[i])) i++;
  };
  const fail = (message: string): never => {
    throw { offset: Math.min(i, text.length), message };
  };
  /** The items of an object or array, from its opening bracket to `close`, separated by commas. */
  const list = (close: '}' | ']', item: () => void): void => {
    i++;
    ws();
    if (text[i] === close) return void i++;
    for (;;) {
      item();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === close) return void i++;
      fail(`expected "," or "${close}"`);
    }
  };
  /** An object member: `"key": value`. */
  const member = (): void => {
    ws();
    if (text[i] !== '"') fail('expected a "quoted" key');
    string();
    ws();
    if (text[i] !== ':') fail('expected ":" after a key');
    i++;
    value();
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') list('}', member);
    else if (c === '[') list(']', value);
    else if (c === '"') string();
    else {
      const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
      if (!m) fail(c === undefined ? 'unexpected end of file' : `unexpected ${JSON.stringify(c)}`);
      i += m![0].length;
    }
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\n') fail('unterminated string');
      i += text[i] === '\\' ? 2 : 1;
    }
    if (text[i] !== '"') fail('unterminated string');
    i++;
  };
  try {
    value();
    ws();
    if (i < text.length) fail(`unexpected ${JSON.stringify(text[i])} after the end of the settings`);
    return undefined;
  } catch (e) {
    return e as { offset: number; message: string };
  }
}
