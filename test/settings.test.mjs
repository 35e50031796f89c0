// The one settings source (server/src/service/settings.ts): package.json, schemas/meshlintrc.json and
// the README table are generated from it and must not drift; defaults round-trip; invalid values are
// reported (by validateSettings, and by the language server as a visible warning).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { expected, loadSettingsModule } from '../scripts/gen-settings.mjs';
import { root } from './helpers.mjs';
import { LspClient, rpc } from './lsp/client.mjs';

const require = createRequire(import.meta.url);
const Ajv = require('ajv');
const mod = await loadSettingsModule();
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const fileSchema = JSON.parse(readFileSync(join(root, 'schemas/meshlintrc.json'), 'utf8'));

test('package.json, schemas/meshlintrc.json and the README settings table are generated from settings.ts (node scripts/gen-settings.mjs)', async () => {
  for (const [path, text] of await expected()) {
    assert.equal(readFileSync(join(root, path), 'utf8'), text, `${path} drifted from server/src/service/settings.ts: run node scripts/gen-settings.mjs`);
  }
});

test('every setting appears once in each surface, with the same default', () => {
  const keys = mod.SETTINGS.map((s) => s.key);
  assert.equal(new Set(keys).size, keys.length);
  assert.deepEqual(
    Object.keys(pkg.contributes.configuration.properties),
    keys.map((k) => `meshLsp.${k}`),
  );
  assert.deepEqual(
    Object.keys(fileSchema.properties).filter((k) => k !== '$schema'),
    keys,
  );
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('<!-- settings:start'), readme.indexOf('<!-- settings:end -->'));
  for (const k of keys) assert.match(table, new RegExp(`^\\| \`${k}\` \\|`, 'm'), `README table lacks ${k}`);
  for (const s of mod.SETTINGS) assert.deepEqual(pkg.contributes.configuration.properties[`meshLsp.${s.key}`].default, s.default, s.key);
});

test('no generated file enumerates rule ids (adding a rule changes none of them)', () => {
  const svc = require(join(root, 'dist/service.js'));
  const generated = [JSON.stringify(pkg.contributes.configuration), JSON.stringify(fileSchema)];
  for (const r of svc.RULES) for (const g of generated) assert.ok(!g.includes(`"${r.id}"`), `rule id ${r.id} appears in a generated settings file`);
});

test("every setting's default round-trips: valid in the editor schema and in the settings file, resolved to DEFAULT_SETTINGS", () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const validateFile = ajv.compile(fileSchema);
  for (const s of mod.SETTINGS) {
    const { settings, problems } = mod.validateSettings({ [s.key]: s.default });
    assert.deepEqual(problems, [], s.key);
    assert.deepEqual(settings[s.key], mod.DEFAULT_SETTINGS[s.key], s.key);
    assert.deepEqual(settings, mod.DEFAULT_SETTINGS, s.key);
    const editor = { ...pkg.contributes.configuration.properties[`meshLsp.${s.key}`] };
    delete editor.patternErrorMessage;
    assert.ok(ajv.validate(editor, s.default), `${s.key}: the default fails its own editor schema`);
    const unset = s.unset !== undefined && s.default === s.unset;
    if (!unset) assert.ok(validateFile({ [s.key]: s.default }), `${s.key}: ${JSON.stringify(validateFile.errors)}`);
  }
  assert.deepEqual(mod.resolveSettings({}), mod.DEFAULT_SETTINGS);
  assert.deepEqual(mod.validateSettings(undefined), { settings: mod.DEFAULT_SETTINGS, problems: [] });
});

test('validateSettings: ill-typed and out-of-range values are replaced by the default and reported with the value', () => {
  const { settings, problems } = mod.validateSettings(
    {
      maxFileSize: 'big',
      canaryLadder: [50, 5, 500, 5],
      schemaValidation: 'yes',
      defaultNamespace: 'Bad_NS',
      istioVersion: ' 1.22 ',
      exclude: ['a/**', 3],
      rules: { 'weights-not-100': 'loud', 'unknown-subset': 'off', 'weights-not-10': 'error' },
      exclud: [],
    },
    { ruleIds: ['weights-not-100', 'unknown-subset'] },
  );
  assert.equal(settings.maxFileSize, 5 * 1024 * 1024);
  assert.deepEqual(settings.canaryLadder, [5, 50]);
  assert.equal(settings.schemaValidation, true);
  assert.equal(settings.defaultNamespace, undefined);
  assert.equal(settings.istioVersion, '1.22');
  assert.deepEqual(settings.exclude, ['a/**']);
  assert.deepEqual(settings.rules, { 'unknown-subset': 'off' });
  const by = Object.fromEntries(problems.map((p) => [p.key, p.message]));
  assert.equal(by.maxFileSize, '"big" is not a number; the default 5242880 is used');
  assert.equal(by.canaryLadder, 'the entry 500 is more than 100; it is left out');
  assert.equal(by.schemaValidation, '"yes" is not true or false; the default true is used');
  assert.match(by.defaultNamespace, /^"Bad_NS" is not a namespace name.*; it stays unset$/);
  assert.equal(by.exclude, 'the entry 3 is not a string; it is left out');
  assert.match(by['rules.weights-not-100'], /^"loud" is not one of error, warning, info, hint, off/);
  assert.equal(by['rules.weights-not-10'], 'unknown rule id (did you mean weights-not-100?); the entry is left out');
  assert.equal(by.exclud, 'unknown setting (did you mean exclude?); ignored');
  assert.equal(problems.length, 8);
  // Without rule ids (the core's resolveSettings), unknown rule ids are kept: the CLI checks them against its file.
  assert.deepEqual(mod.resolveSettings({ rules: { 'no-such-rule': 'off' } }).rules, { 'no-such-rule': 'off' });
  // An empty ladder, or one without a valid step, falls back to the default.
  assert.deepEqual(mod.resolveSettings({ canaryLadder: [] }).canaryLadder, [5, 10, 20, 50, 100]);
  assert.match(mod.validateSettings({ canaryLadder: [0, 200] }).problems.at(-1).message, /no valid entry is left; the default \[5,10,20,50,100\] is used/);
  // "Unset" values (the editor's empty strings) are not problems.
  assert.deepEqual(mod.validateSettings({ defaultNamespace: '', istioVersion: '' }).problems, []);
});

test('language server: an invalid client setting is shown as a warning naming the setting, the value and the default (once per distinct problem set), and logged', async () => {
  const client = new LspClient({ settings: { maxFileSize: 'big', canaryLadder: [5, 10] } });
  after(() => client.shutdown());
  const shown = [];
  let notify = () => {};
  client.conn.onNotification(rpc.ShowMessageNotification.type, (p) => {
    shown.push(p);
    notify();
  });
  const next = (n) =>
    new Promise((resolve) => {
      notify = () => shown.length >= n && resolve();
      notify();
    });
  await client.initialize({ workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } } });
  await next(1);
  assert.equal(shown[0].type, rpc.MessageType.Warning);
  assert.equal(shown[0].message, 'mesh-lsp: invalid setting meshLsp.maxFileSize: "big" is not a number; the default 5242880 is used');
  // The same problem set again: no second message (the request after the change is a barrier: messages arrive in order).
  await client.conn.sendNotification(rpc.DidChangeConfigurationNotification.type, { settings: { meshLsp: { maxFileSize: 'big' } } });
  await client.request('meshLsp/indexStats', {});
  assert.equal(shown.length, 1);
  // A different problem set: shown.
  await client.conn.sendNotification(rpc.DidChangeConfigurationNotification.type, {
    settings: { meshLsp: { maxFileSize: 'big', rules: { 'weights-not-10': 'off' } } },
  });
  await next(2);
  assert.equal(shown[1].type, rpc.MessageType.Warning);
  assert.match(
    shown[1].message,
    /^mesh-lsp: invalid setting meshLsp\.rules\.weights-not-10: unknown rule id \(did you mean weights-not-100\?\); the entry is left out \(and 1 more: see the output\)$/,
  );
  // Valid settings: nothing shown; every problem was logged.
  await client.conn.sendNotification(rpc.DidChangeConfigurationNotification.type, { settings: { meshLsp: { maxFileSize: 1000 } } });
  await client.request('meshLsp/indexStats', {});
  assert.equal(shown.length, 2);
  const logged = client.logs.map((l) => l.message).join('\n');
  assert.match(logged, /settings: meshLsp\.rules\.weights-not-10: unknown rule id \(did you mean weights-not-100\?\); the entry is left out/);
  assert.ok(client.logs.some((l) => l.type === rpc.MessageType.Warning && /meshLsp\.maxFileSize: "big"/.test(l.message)));
});
