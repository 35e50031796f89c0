// Lint one field-corpus repository from its root, as its CI would (`meshlint .`), and reduce the
// output to what the snapshot keeps: errors and warnings as "file:line rule".
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from '../helpers.mjs';

export function lintRepository(dir) {
  const r = spawnSync(process.execPath, [join(root, 'bin/meshlint.js'), '--format', 'json', '.'], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`meshlint exited ${r.status} in ${dir}: ${r.stderr}`);
  const findings = JSON.parse(r.stdout);
  const pick = (sev) =>
    findings
      .filter((f) => f.severity === sev)
      .map((f) => `${f.file}:${f.line} ${f.rule}`)
      .sort();
  return { exit: r.status, errors: pick('error'), warnings: pick('warning'), findings };
}
