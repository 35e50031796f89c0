/**
 * Helm charts in the language server: render the workspace's charts (with their values files)
 * and hand them to the index as builds, when helm may run here (a trusted workspace, helm found).
 * Runs after indexing and again, debounced, when a file of a chart changes. Never blocks requests.
 */
import { chooseHelm, discoverChartsOnDisk, type HelmChoice, HelmRenderer, helmCommandAt } from '../node/helm';
import type { MeshSettings, Workspace } from '../service/index';
import type { Publisher } from './publisher';

/** What chart rendering needs of the server state (declared here: the state owns it, it does not import the state). */
export interface ChartHost {
  readonly ws: Pick<Workspace, 'fileUris' | 'setRenderedBuilds'>;
  readonly settings: Pick<MeshSettings, 'helmCommand' | 'defaultNamespace'>;
  readonly folders: string[];
  /** What the client says of workspace trust (VS Code's `isTrusted`); undefined when it says nothing. */
  readonly workspaceTrusted: boolean | undefined;
  readonly publisher: Pick<Publisher, 'markAffected' | 'schedule'>;
  log(message: string): void;
  error(where: string, e: unknown): void;
}

export class Charts {
  private generation = 0;
  /** The chart folders of the rendered builds handed to the workspace (a change under one renders again). */
  private roots: string[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: ChartHost) {}

  /** Whether Helm charts may be rendered, and with which helm: never in a workspace the client does not trust. */
  helm(): HelmChoice {
    const { settings, folders, workspaceTrusted } = this.host;
    // A relative path (`./bin/helm`) is relative to the (first) workspace folder.
    return chooseHelm({ trusted: workspaceTrusted, command: helmCommandAt(settings.helmCommand, folders[0]) });
  }

  /** Render the charts and analyse them as builds; then publish what changed. */
  render(): void {
    const host = this.host;
    const choice = this.helm();
    const gen = ++this.generation;
    const requests = discoverChartsOnDisk(host.ws.fileUris(), { namespace: host.settings.defaultNamespace || undefined });
    if (!('command' in choice)) {
      if (requests.length) host.log(`mesh-lsp: Helm charts not rendered (${requests.length} chart builds): ${choice.reason}`);
      if (this.roots.length) {
        this.roots = [];
        host.publisher.markAffected(host.ws.setRenderedBuilds([]));
        host.publisher.schedule();
      }
      return;
    }
    if (!requests.length) return;
    const renderer = new HelmRenderer({ command: choice.command });
    const t0 = performance.now();
    void Promise.all(requests.map((r) => renderer.render(r)))
      .then((builds) => {
        if (gen !== this.generation) return; // a newer render supersedes this one
        host.publisher.markAffected(host.ws.setRenderedBuilds(builds));
        this.roots = builds.map((b) => b.root);
        const problems = builds.reduce((n, b) => n + b.problems.length, 0);
        host.log(
          `mesh-lsp: rendered ${builds.length} Helm chart builds in ${Math.round(performance.now() - t0)} ms${problems ? ` (${problems} problems)` : ''}`,
        );
        host.publisher.schedule();
      })
      .catch((e) => host.error('helm', e));
  }

  /** A file changed: if it lies under a rendered chart, render the charts again shortly. */
  fileChanged(uri: string): void {
    if (!this.roots.some((r) => uri.startsWith(r))) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.render();
    }, 500);
  }
}
