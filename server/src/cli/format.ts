/** Output formats of the CLI: stylish (default), json, github (workflow annotations). */
import type { Diagnostic, Severity } from '../service/types';

export interface FileReport {
  /** Display path (relative to the working directory). */
  file: string;
  diagnostics: Diagnostic[];
}

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  rule: string;
  message: string;
}

export function toJson(reports: FileReport[]): JsonFinding[] {
  const out: JsonFinding[] = [];
  for (const r of reports)
    for (const d of r.diagnostics)
      out.push({
        file: r.file,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
        severity: d.severity,
        rule: d.rule,
        message: d.message,
      });
  return out;
}

export function counts(reports: FileReport[]): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const r of reports) for (const d of r.diagnostics) c[d.severity]++;
  return c;
}

const COLORS = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m', hint: '\x1b[2m', reset: '\x1b[0m', dim: '\x1b[2m', bold: '\x1b[1m' };

/**
 * Text from the YAML (names in messages, file names) as the terminal should show it: control
 * characters written as `\x1b`, `\u2028`, so a value cannot move the cursor, clear the screen,
 * retitle the window or make a hyperlink (ESC sequences), nor start a line of its own.
 */
export function printable(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
  return s.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g, (c) =>
    c.charCodeAt(0) < 0x100 ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : `\\u${c.charCodeAt(0).toString(16)}`,
  );
}

export function stylish(reports: FileReport[], color: boolean): string {
  const c = (k: keyof typeof COLORS, s: string) => (color ? COLORS[k] + s + COLORS.reset : s);
  const lines: string[] = [];
  for (const r of reports) {
    if (!r.diagnostics.length) continue;
    lines.push(c('bold', printable(r.file)));
    const rows = r.diagnostics.map((d) => [`${d.range.start.line + 1}:${d.range.start.character + 1}`, d.severity, printable(d.message), d.rule] as const);
    const w0 = Math.max(...rows.map((x) => x[0].length));
    const w1 = Math.max(...rows.map((x) => x[1].length));
    for (const [pos, sev, msg, rule] of rows) {
      lines.push(`  ${c('dim', pos.padEnd(w0))}  ${c(sev, sev.padEnd(w1))}  ${msg}  ${c('dim', rule)}`);
    }
    lines.push('');
  }
  const n = counts(reports);
  const total = n.error + n.warning + n.info + n.hint;
  const summary = `${total} problem${total === 1 ? '' : 's'} (${n.error} error${n.error === 1 ? '' : 's'}, ${n.warning} warning${n.warning === 1 ? '' : 's'}, ${n.info + n.hint} info)`;
  lines.push(total ? c(n.error ? 'error' : 'warning', `✖ ${summary}`) : `✔ no problems in ${reports.length} file${reports.length === 1 ? '' : 's'}`);
  return `${lines.join('\n')}\n`;
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProp(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function github(reports: FileReport[]): string {
  const out: string[] = [];
  for (const f of toJson(reports)) {
    const level = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
    out.push(
      `::${level} file=${escapeProp(f.file)},line=${f.line},col=${f.column},endLine=${f.endLine},endColumn=${f.endColumn},title=${escapeProp(f.rule)}::${escapeData(f.message)}`,
    );
  }
  return out.join('\n') + (out.length ? '\n' : '');
}
