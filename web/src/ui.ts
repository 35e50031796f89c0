/**
 * The panels around the editor: the file list with its problem badges, the problems list, the
 * traffic view of the route at the cursor, the status line and the flash message.
 */
import { byUri, deleteFile, type FileState, open, renameFile, session } from './files';
import { type monaco, toLsp } from './monaco';
import type { TrafficView } from './protocol';
import { request } from './rpc';
import { renderTraffic } from './traffic';

export const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

let editor: monaco.editor.IStandaloneCodeEditor;

/** The panels' own state: the traffic view shown (and whether one is being computed), the badges drawn. */
export const panels = {
  traffic: null as TrafficView | null,
  trafficPending: false,
  badges: '',
};

export function initUi(e: monaco.editor.IStandaloneCodeEditor): void {
  editor = e;
  editor.onDidChangeCursorPosition(() => refreshTraffic());
}

export function flash(text: string): void {
  $('flash').textContent = text;
}

function counts(f: FileState): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const d of f.diagnostics) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
  }
  return { errors, warnings };
}

function button(text: string, cls: string, label: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = cls;
  b.textContent = text;
  b.setAttribute('aria-label', label);
  b.title = label;
  b.addEventListener('click', onClick);
  return b;
}

export function renderFiles(): void {
  const list = $('file-list');
  list.replaceChildren();
  for (const f of session.files) {
    const li = document.createElement('li');
    if (f === session.active) li.className = 'active';
    const { errors, warnings } = counts(f);
    const openB = button('', 'file-open', `Open ${f.path}`, () => {
      open(f);
      editor.focus();
    });
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = f.path;
    openB.append(name);
    openB.dataset.path = f.path;
    if (f === session.active) openB.setAttribute('aria-current', 'true');
    if (errors + warnings) {
      const badge = document.createElement('span');
      badge.className = `badge ${errors ? 'error' : 'warning'}`;
      badge.textContent = String(errors + warnings);
      badge.setAttribute('aria-label', `${errors} errors, ${warnings} warnings`);
      openB.append(badge);
    }
    li.append(
      openB,
      button('✎', 'icon', `Rename ${f.path}`, () => renameFile(f)),
      button('✕', 'icon', `Delete ${f.path}`, () => deleteFile(f)),
    );
    list.append(li);
  }
}

/** Draw the file list again if a file's error or warning count changed. */
export function renderBadges(): void {
  const badges = session.files.map((f) => `${f.path}:${counts(f).errors}:${counts(f).warnings}`).join('|');
  if (badges !== panels.badges) renderFiles();
  panels.badges = badges;
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2, hint: 3 } as const;

export function renderProblems(): void {
  const list = $('problem-list');
  list.replaceChildren();
  const { files } = session;
  let n = 0;
  const all: { f: FileState; d: FileState['diagnostics'][number] }[] = [];
  for (const f of files) for (const d of f.diagnostics) all.push({ f, d });
  all.sort(
    (a, b) =>
      SEVERITY_ORDER[a.d.severity] - SEVERITY_ORDER[b.d.severity] || files.indexOf(a.f) - files.indexOf(b.f) || a.d.range.start.line - b.d.range.start.line,
  );
  for (const { f, d } of all) {
    n++;
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.className = `problem ${d.severity}`;
    const sev = document.createElement('span');
    sev.className = 'sev';
    sev.textContent = d.severity;
    const loc = document.createElement('span');
    loc.className = 'loc';
    const fileName = document.createElement('span');
    fileName.className = 'file';
    fileName.textContent = f.path;
    loc.append(fileName, `:${d.range.start.line + 1}`);
    const msg = document.createElement('span');
    msg.className = 'msg';
    msg.textContent = d.message;
    b.title = `${d.message} (${d.rule})`;
    const rule = document.createElement('span');
    rule.className = 'rule';
    rule.textContent = d.rule;
    b.append(sev, loc, msg, rule);
    b.addEventListener('click', () => {
      open(f, { lineNumber: d.range.start.line + 1, column: d.range.start.character + 1 });
      editor.focus();
    });
    li.append(b);
    list.append(li);
  }
  $('problem-count').textContent = String(n);
  if (!n) {
    const li = document.createElement('li');
    li.className = 'empty';
    li.textContent = 'No problems.';
    list.append(li);
  }
}

/** Show the traffic of the route at the cursor (once per frame, however often it is asked). */
export function refreshTraffic(): void {
  if (panels.trafficPending) return;
  panels.trafficPending = true;
  requestAnimationFrame(async () => {
    panels.trafficPending = false;
    const f = session.active;
    const pos = editor.getPosition();
    const view = f && pos ? await request<TrafficView | null>('traffic', { uri: f.model.uri.toString(), position: toLsp(pos) }) : null;
    panels.traffic = view;
    renderTraffic($('traffic'), view, (line) => {
      if (!view) return;
      const t = byUri(view.uri);
      if (t) open(t, { lineNumber: line + 1, column: 1 });
      editor.focus();
    });
  });
}

export function renderStatus(resources: number, ms: number): void {
  const n = session.files.length;
  $('status').textContent = `${n} file${n === 1 ? '' : 's'} · ${resources} resource${resources === 1 ? '' : 's'} · analyzed in ${Math.round(ms)} ms`;
}
