/** The CLI's Helm options: `--helm <path>` (over the `helmCommand` setting) and `--no-helm`. */
import { chooseHelm, HelmRenderer, helmCommandAt } from '../node/helm';
import type { MeshSettings } from '../service/index';
import { UsageError } from './io';

export interface CliHelm {
  /** Renders the charts of the inputs, when helm can be run. */
  renderer?: HelmRenderer;
  /** Why charts are not rendered (and how to enable it), when they are not. */
  reason?: string;
}

/**
 * The renderer the CLI uses, or why there is none. `--helm` is relative to the working directory,
 * the `helmCommand` setting to its settings file's folder. An explicit `--helm` that cannot be run
 * is a usage error (exit 2); a `helmCommand` setting that cannot be run, or no helm on PATH, only
 * leaves charts unrendered, with the reason.
 */
export function helmOptions(
  values: { helm?: string; 'no-helm'?: boolean },
  settings: Pick<MeshSettings, 'helmCommand'>,
  dirs: { cwd: string; configDir?: string },
  env: NodeJS.ProcessEnv = process.env,
): CliHelm {
  if (values.helm !== undefined && values['no-helm']) throw new UsageError('give --helm or --no-helm, not both');
  if (values.helm !== undefined && !values.helm.trim()) throw new UsageError('--helm expects the path of a helm executable');
  const command = values.helm !== undefined ? helmCommandAt(values.helm.trim(), dirs.cwd) : helmCommandAt(settings.helmCommand, dirs.configDir ?? dirs.cwd);
  const choice = chooseHelm({ disabled: values['no-helm'], command, env });
  if ('command' in choice) return { renderer: new HelmRenderer({ command: choice.command }) };
  if (values.helm !== undefined) throw new UsageError(`--helm ${values.helm}: not found or not executable`);
  return { reason: choice.reason };
}
