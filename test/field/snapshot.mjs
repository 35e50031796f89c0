// Lint one field-corpus repository from its root, as its CI would (`meshlint .`), and reduce the
// output to what the snapshot keeps: errors and warnings as "file:line rule".
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from '../helpers.mjs';
import { renderers } from '../renderers.mjs';

// Charts are rendered with the real helm (test/renderers.mjs) where it can be had, as a user with
// helm installed runs meshlint; without it, --no-helm keeps the run the same on every machine.
let helmArgs;
function helm() {
  if (!helmArgs) {
    const r = renderers();
    helmArgs = r.helm ? ['--helm', r.helm] : ['--no-helm'];
    if (!r.helm) console.log(`# field corpus: charts not rendered: ${r.skip}`);
  }
  return helmArgs;
}

export function lintRepository(dir) {
  const r = spawnSync(process.execPath, [join(root, 'bin/meshlint.js'), ...helm(), '--format', 'json', '.'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`meshlint exited ${r.status} in ${dir}: ${r.stderr}`);
  const findings = JSON.parse(r.stdout);
  const pick = (sev) =>
    findings
      .filter((f) => f.severity === sev)
      .map((f) => `${f.file}:${f.line} ${f.rule}`)
      .sort();
  return { exit: r.status, errors: pick('error'), warnings: pick('warning'), findings };
}
