/** `meshlint builds`: the Kustomize builds found under the inputs, and the objects one of them applies. */

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { discoverChartsOnDisk } from '../node/helm';
import {
  type Build,
  buildKustomization,
  discoverKustomizeBuilds,
  type FileEntry,
  KUSTOMIZATION_NAMES,
  type MeshSettings,
  readEntry,
  resolveSettings,
  type SourceRef,
} from '../service/index';
import { loadConfig } from './config';
import { collectFiles, readInput, UsageError } from './files';
import { helmOptions } from './helm';
import type { CliIO } from './io';

export const BUILDS_HELP = `Usage: meshlint builds [<files|dirs|globs>...] [--print <root>] [--format text|json]

Lists the builds under the inputs (default: the working directory): each root kustomization
(one no other kustomization includes), and each Helm chart with each of its values files when
helm can run, with its namespace, the number of objects it applies and the files it reads, its
problems (a missing resource, a remote base, a patch that selects nothing, a failed render),
and the YAML files beside kustomizations that no build reads (applied by nobody).

  --print <root>       print the objects a build applies, as YAML like \`kubectl kustomize\`
                       (<root>: a kustomization file or its folder, or a chart folder)
  --helm <path>        the helm executable (default: the helmCommand setting, else helm on PATH)
  --no-helm            do not render Helm charts
  --format text|json   output format (default text)
  -c, --config <file>  settings file (for exclude patterns)

Exit codes: 0 done, 1 --print found problems in the build, 2 usage or I/O error.
`;

/** Files read on demand from disk (any YAML a build names, inside the inputs or not). */
function diskSources(settings: MeshSettings) {
  const entries = new Map<string, FileEntry | undefined>();
  const isFile = (p: string) => existsSync(p) && statSync(p).isFile();
  const file = (uri: string): FileEntry | undefined => {
    if (!entries.has(uri)) {
      let entry: FileEntry | undefined;
      try {
        const p = fileURLToPath(uri);
        const name = p.slice(p.lastIndexOf('/') + 1);
        if ((/\.ya?ml$/i.test(name) || KUSTOMIZATION_NAMES.includes(name)) && isFile(p)) entry = readEntry(uri, readInput(p), settings);
      } catch {
        entry = undefined;
      }
      entries.set(uri, entry);
    }
    return entries.get(uri);
  };
  const text = (uri: string): string | undefined => {
    try {
      const p = fileURLToPath(uri);
      return isFile(p) ? readFileSync(p, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  };
  return { file, text };
}

export async function buildsCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      print: { type: 'string' },
      format: { type: 'string', short: 'f', default: 'text' },
      config: { type: 'string', short: 'c' },
      helm: { type: 'string' },
      'no-helm': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(BUILDS_HELP);
    return 0;
  }
  const format = values.format!;
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format "${format}" (text, json)`);
  const config = loadConfig(values.config, io.cwd);
  const settings = resolveSettings(config.settings);
  const helm = helmOptions(values, settings, { cwd: io.cwd, configDir: config.dir });
  const { file, text } = diskSources(settings);
  const shown = (uri: string) => {
    try {
      const p = fileURLToPath(uri);
      return relative(io.cwd, p) || p;
    } catch {
      return uri;
    }
  };
  const where = (ref: SourceRef | undefined) => {
    if (!ref) return undefined;
    const entry = file(ref.uri);
    const pos = entry?.lines.positionAt(ref.start);
    return { file: shown(ref.uri), line: (pos?.line ?? 0) + 1, column: (pos?.character ?? 0) + 1 };
  };
  const problemsOf = (b: Build) =>
    b.problems.map((p) => {
      const w = where(p.at);
      return { message: p.message, ...(w ?? {}) };
    });

  if (values.print !== undefined) {
    const target = resolve(io.cwd, values.print);
    const root = findRoot(target);
    let build: Build;
    if (root && file(root)) build = buildKustomization(root, file, text);
    else if (existsSync(join(target, 'Chart.yaml'))) {
      // A chart folder: rendered with its values.yaml.
      if (!helm.renderer) throw new UsageError(`${values.print} is a Helm chart, and charts are not rendered: ${helm.reason}`);
      const [request] = discoverChartsOnDisk([pathToFileURL(join(target, 'Chart.yaml')).href], { namespace: settings.defaultNamespace || undefined });
      build = await helm.renderer.render(request);
    } else throw new UsageError(`no kustomization or Helm chart at ${values.print}`);
    const problems = problemsOf(build);
    if (format === 'json') {
      io.stdout(
        `${JSON.stringify(
          {
            id: build.id,
            root: shown(build.root),
            ...(build.namespace ? { namespace: build.namespace } : {}),
            objects: build.objects.map((o) => ({ source: where(o.origins.get('')), value: o.value, ...(o.unknown ? { unknown: o.unknown } : {}) })),
            problems,
          },
          null,
          2,
        )}\n`,
      );
    } else {
      io.stdout(build.objects.map((o) => stringify(o.value, { sortMapEntries: true, indentSeq: false, lineWidth: 0, version: '1.1' })).join('---\n'));
      for (const p of problems) io.stderr(`${'file' in p ? `${p.file}:${p.line}:${p.column}: ` : ''}${p.message}\n`);
    }
    return problems.length ? 1 : 0;
  }

  const inputs = positionals.length ? positionals : ['.'];
  const exclude = settings.exclude.length ? [{ patterns: settings.exclude, base: config.dir ?? io.cwd }] : [];
  const paths = collectFiles(inputs, exclude, io.cwd, { gitignore: true }).filter((f) => f !== '-');
  const uris = paths.map((p) => pathToFileURL(p).href);
  // Kustomization files without an extension are not walked: add those beside the inputs' folders.
  for (const dir of new Set(paths.map((p) => p.slice(0, p.lastIndexOf('/') + 1)))) {
    const k = join(dir, 'Kustomization');
    if (existsSync(k)) uris.push(pathToFileURL(k).href);
  }
  const { builds, unreferenced } = discoverKustomizeBuilds(uris, file, text);
  // Helm charts among the inputs, rendered with their values files when helm can run.
  const charts = discoverChartsOnDisk(uris, { namespace: settings.defaultNamespace || undefined });
  if (charts.length && helm.renderer) builds.push(...(await Promise.all(charts.map((r) => helm.renderer!.render(r)))));
  else if (charts.length) io.stderr(`meshlint: ${charts.length} Helm chart builds not rendered: ${helm.reason}\n`);
  if (format === 'json') {
    io.stdout(
      `${JSON.stringify(
        {
          builds: builds.map((b) => ({
            id: b.id,
            kind: b.kind,
            root: shown(b.root),
            ...(b.namespace ? { namespace: b.namespace } : {}),
            objects: b.objects.length,
            files: b.inputs.map(shown),
            problems: problemsOf(b),
          })),
          unreferenced: unreferenced.map(shown),
        },
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  for (const b of builds) {
    io.stdout(
      `${b.kind}  ${shown(b.root)}${b.id.includes('#') ? ` with ${shown(b.id.slice(b.id.indexOf('#') + 1))}` : ''}${b.namespace ? `  namespace ${b.namespace}` : ''}  ${plural(b.objects.length, 'object')}  ${plural(b.inputs.length, 'file')}\n`,
    );
    for (const p of problemsOf(b)) io.stdout(`  problem: ${'file' in p ? `${p.file}:${p.line}:${p.column}: ` : ''}${p.message}\n`);
  }
  io.stdout(`${plural(builds.length, 'build')}\n`);
  if (unreferenced.length) {
    io.stdout(`${plural(unreferenced.length, 'file')} beside kustomizations that no build reads (applied by nobody):\n`);
    for (const u of unreferenced) io.stdout(`  ${shown(u)}\n`);
  }
  return 0;
}

/** The kustomization a --print argument names: the file itself, or the one in the folder. */
function findRoot(p: string): string | undefined {
  if (existsSync(p) && statSync(p).isFile()) return pathToFileURL(p).href;
  for (const n of KUSTOMIZATION_NAMES) if (existsSync(join(p, n))) return pathToFileURL(join(p, n)).href;
  return undefined;
}
