// mesh-lsp inside VS Code's extension host, through the real `vscode` API: the example workspace
// (examples/, copied to a temporary folder that VS Code opened) gets our diagnostics; quick
// fixes, canary steps, hover, definition, code lens, the status bar item and the contributed
// settings work. Every wait is for an event or a state, with a generous overall timeout.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const EXT_ID = 'mesh-lsp.mesh-lsp';
const LONG = 90000;

const folder = () => vscode.workspace.workspaceFolders[0].uri;
const fileUri = (name) => vscode.Uri.joinPath(folder(), name);
const codeOf = (d) => (typeof d.code === 'object' && d.code ? d.code.value : d.code);
const ofRule = (uri, rule) => vscode.languages.getDiagnostics(uri).filter((d) => codeOf(d) === rule);

/** Resolve when `check()` returns a truthy value, re-checking on each `event`; reject after `ms`. */
function waitFor(event, check, what, ms = LONG) {
  return new Promise((resolve, reject) => {
    let sub;
    const timer = setTimeout(() => {
      sub?.dispose();
      reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
    }, ms);
    const test = () => {
      let v;
      try {
        v = check();
      } catch (e) {
        clearTimeout(timer);
        sub?.dispose();
        reject(e);
        return;
      }
      if (v) {
        clearTimeout(timer);
        sub?.dispose();
        resolve(v);
      }
    };
    sub = event(test);
    test();
  });
}
const waitForDiagnostics = (uri, check, what) => waitFor(vscode.languages.onDidChangeDiagnostics, () => check(vscode.languages.getDiagnostics(uri)), what);

/** Resolve with the first truthy value of the async `check()`, asked again every 100 ms; reject after `ms`. */
async function until(check, what, ms = LONG) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function open(name) {
  const doc = await vscode.workspace.openTextDocument(fileUri(name));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** The first line (0-based) of `doc` that contains `text`, after line `from`. */
function lineOf(doc, text, from = 0) {
  for (let i = from; i < doc.lineCount; i++) if (doc.lineAt(i).text.includes(text)) return i;
  throw new Error(`no line with ${JSON.stringify(text)} in ${doc.uri.fsPath}`);
}

async function codeActions(uri, range, kind) {
  return (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, range, kind)) ?? [];
}

suite('mesh-lsp in the VS Code extension host', () => {
  let api;

  suiteSetup(async function () {
    this.timeout(LONG + 30000);
    const ext = vscode.extensions.getExtension(EXT_ID);
    assert.ok(ext, `extension ${EXT_ID} is not loaded`);
    await open('virtual-services.yaml');
    api = await ext.activate();
    assert.ok(ext.isActive, 'the extension did not activate on a YAML file');
  });

  test('diagnostics of the example workspace are published', async () => {
    const uri = fileUri('virtual-services.yaml');
    // Findings that need other files (unknown-gateway, unknown-subset) come once the server has
    // indexed the workspace; until then the open file gets only its own findings.
    const expected = ['unknown-gateway', 'unknown-subset', 'weights-not-100', 'misnested-destination'];
    const diags = await waitForDiagnostics(
      uri,
      (ds) => expected.every((r) => ds.some((d) => codeOf(d) === r)) && ds,
      `${expected.join(', ')} on virtual-services.yaml`,
    );
    assert.ok(
      diags.every((d) => d.source === 'mesh-lsp'),
      'every diagnostic comes from mesh-lsp',
    );
    const misnested = diags.find((d) => codeOf(d) === 'misnested-destination');
    assert.equal(misnested.severity, vscode.DiagnosticSeverity.Error);
    // Cross-file: the DestinationRule file has its own finding (subset v3 selects no workload).
    await waitForDiagnostics(
      fileUri('destination-rules.yaml'),
      (ds) => ds.some((d) => codeOf(d) === 'subset-no-workload'),
      'subset-no-workload on destination-rules.yaml',
    );
  });

  test('the status bar item shows the indexed resources', async () => {
    await api.refreshStatus();
    const s = api.status();
    assert.match(s.text, /mesh \d+/);
    assert.match(s.tooltip, /\d+ files, \d+ resources indexed/);
    assert.equal(s.command, 'meshLsp.showOutput');
  });

  test('hover on a subset describes the DestinationRule subset', async () => {
    const doc = await open('virtual-services.yaml');
    const line = lineOf(doc, 'subset: v1');
    const pos = new vscode.Position(line, doc.lineAt(line).text.indexOf('v1'));
    const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, pos);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /v1/);
    assert.match(text, /version/);
  });

  test('go to definition of a subset lands in the DestinationRule file', async () => {
    const doc = await open('virtual-services.yaml');
    const line = lineOf(doc, 'subset: v1');
    const pos = new vscode.Position(line, doc.lineAt(line).text.indexOf('v1'));
    const locs = await vscode.commands.executeCommand('vscode.executeDefinitionProvider', doc.uri, pos);
    assert.ok(locs.length > 0, 'no definition');
    const target = locs[0].targetUri ?? locs[0].uri;
    assert.equal(path.basename(target.fsPath), 'destination-rules.yaml');
    const dr = await vscode.workspace.openTextDocument(target);
    const range = locs[0].targetSelectionRange ?? locs[0].targetRange ?? locs[0].range;
    assert.match(dr.lineAt(range.start.line).text, /v1/);
  });

  test('code lens shows the effective traffic split', async () => {
    const doc = await open('virtual-services.yaml');
    const lenses = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri, 10);
    const titles = lenses.map((l) => l.command?.title).filter(Boolean);
    assert.ok(
      titles.some((t) => /81\.8%/.test(t) && /18\.2%/.test(t)),
      `code lenses: ${titles.join(' | ')}`,
    );
  });

  test('the contributed settings are registered with the defaults package.json declares', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(vscode.extensions.getExtension(EXT_ID).extensionPath, 'package.json'), 'utf8'));
    const props = pkg.contributes.configuration.properties;
    const config = vscode.workspace.getConfiguration('meshLsp');
    assert.ok(Object.keys(props).length >= 5);
    for (const [key, schema] of Object.entries(props)) {
      const name = key.replace(/^meshLsp\./, '');
      assert.deepEqual(config.inspect(name).defaultValue, schema.default, key);
    }
  });

  test('meshLsp.rules turns a rule off and back on', async () => {
    const uri = fileUri('virtual-services.yaml');
    const config = () => vscode.workspace.getConfiguration('meshLsp');
    await waitForDiagnostics(uri, () => ofRule(uri, 'unknown-gateway').length > 0, 'unknown-gateway before the setting');
    await config().update('rules', { 'unknown-gateway': 'off' }, vscode.ConfigurationTarget.Global);
    try {
      await waitForDiagnostics(
        uri,
        () => ofRule(uri, 'unknown-gateway').length === 0 && ofRule(uri, 'misnested-destination').length > 0,
        'unknown-gateway to go with meshLsp.rules off',
      );
      await config().update('rules', { 'unknown-gateway': 'info' }, vscode.ConfigurationTarget.Global);
      const [d] = await waitForDiagnostics(uri, () => ofRule(uri, 'unknown-gateway').length > 0 && ofRule(uri, 'unknown-gateway'), 'unknown-gateway as info');
      assert.equal(d.severity, vscode.DiagnosticSeverity.Information);
    } finally {
      await config().update('rules', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitForDiagnostics(
      uri,
      () => ofRule(uri, 'unknown-gateway').some((d) => d.severity === vscode.DiagnosticSeverity.Error),
      'unknown-gateway back to error',
    );
  });

  test('meshLsp.canaryLadder changes the next canary step', async () => {
    const doc = await open('virtual-services.yaml');
    const line = lineOf(doc, '- name: canary');
    const range = new vscode.Range(line, 8, line, 8);
    const config = () => vscode.workspace.getConfiguration('meshLsp');
    // The server takes a settings change asynchronously: ask again until the action appears.
    const advance = (re) =>
      until(
        async () => (await codeActions(doc.uri, range, vscode.CodeActionKind.RefactorRewrite.value)).find((a) => re.test(a.title)),
        `a canary action matching ${re}`,
      );
    assert.ok(await advance(/^Advance canary: v2 20% → 50%/));
    await config().update('canaryLadder', [30, 60, 100], vscode.ConfigurationTarget.Global);
    try {
      assert.ok(await advance(/^Advance canary: v2 20% → 30%/));
    } finally {
      await config().update('canaryLadder', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('source.fixAll.meshLsp (editor.codeActionsOnSave) is offered with the safe fixes of the document, suggestions left out', async () => {
    const doc = await open('virtual-services.yaml');
    await waitForDiagnostics(doc.uri, () => ofRule(doc.uri, 'misnested-destination').length > 0, 'misnested-destination');
    const all = new vscode.Range(0, 0, doc.lineCount, 0);
    const actions = await codeActions(doc.uri, all, 'source.fixAll.meshLsp');
    assert.deepEqual(
      actions.map((a) => a.kind?.value),
      ['source.fixAll.meshLsp'],
    );
    const edits = actions[0].edit.get(doc.uri);
    assert.equal(edits.length, 1);
    const before = doc.getText();
    const e = edits[0];
    const after = before.slice(0, doc.offsetAt(e.range.start)) + e.newText + before.slice(doc.offsetAt(e.range.end));
    assert.match(after, /- destination:\n {12}host: payments\n {12}subset: v1\n/);
    assert.match(after, /- shop-gatway\n/, 'the gateway suggestion is not applied');
    assert.equal(doc.getText(), before, 'offering the action changes nothing');
  });

  test('a quick fix from executeCodeActionProvider repairs the misnested destination', async () => {
    const doc = await open('virtual-services.yaml');
    const [d] = await waitForDiagnostics(
      doc.uri,
      () => ofRule(doc.uri, 'misnested-destination').length > 0 && ofRule(doc.uri, 'misnested-destination'),
      'misnested-destination',
    );
    const actions = await codeActions(doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => /^Indent host, subset under destination/.test(a.title));
    assert.ok(fix, `quick fixes: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(fix.edit, 'the quick fix carries a WorkspaceEdit');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.getText(), /- destination:\n {12}host: payments\n {12}subset: v1\n/);
    await waitForDiagnostics(doc.uri, () => ofRule(doc.uri, 'misnested-destination').length === 0, 'misnested-destination to go after the fix');
    await doc.save();
    assert.match(fs.readFileSync(doc.uri.fsPath, 'utf8'), /host: payments\n {12}subset: v1\n/);
  });

  test('a canary step applied through its WorkspaceEdit advances the weights', async () => {
    const doc = await open('virtual-services.yaml');
    const line = lineOf(doc, '- name: canary');
    const actions = await codeActions(doc.uri, new vscode.Range(line, 8, line, 8), vscode.CodeActionKind.RefactorRewrite.value);
    const step = actions.find((a) => /^Advance canary: v2 20% → 50%/.test(a.title));
    assert.ok(step, `canary actions: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(step.edit));
    const text = doc.getText();
    const route = text.slice(text.indexOf('- name: canary'), text.indexOf('---', text.indexOf('- name: canary')));
    assert.deepEqual(
      [...route.matchAll(/weight: (\d+)/g)].map((m) => Number(m[1])),
      [50, 50],
    );
    assert.match(text, /# Canary step 2 of 4/, 'comments are kept');
    await waitForDiagnostics(doc.uri, () => ofRule(doc.uri, 'weights-not-100').length === 0, 'weights-not-100 to go after the step');
    await doc.save();
  });
});
