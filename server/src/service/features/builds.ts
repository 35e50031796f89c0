/**
 * Builds in the editor: hover on a resource's kind says which builds apply it (a Kustomize
 * build, a rendered chart) and in which namespace, or that no kustomization includes its file.
 */
import { span } from '../model';
import { mdCode as code, mdText as esc } from '../text';
import type { HoverProvider } from './context';

export const buildHover: HoverProvider = (ws, cursor) => {
  const res = cursor.res;
  if (!res?.kindNode) return undefined;
  const [start, end] = span(res, res.kindNode);
  if (cursor.offset < start || cursor.offset > end) return undefined;
  const uri = cursor.file.uri;
  if (ws.appliedByNone(uri))
    return {
      markdown: `**${esc(res.kind)}**: applied by no build. This file lies in a kustomization's folder, but no kustomization includes it (as a resource or a patch), so it is not analysed as applied config.`,
      start,
      end,
    };
  const builds = ws.buildsApplying(uri);
  if (!builds.length) return undefined;
  const list = builds.map(
    (b) => `- ${b.kind === 'helm' ? 'chart' : 'kustomization'} ${code(ws.buildLabel(b))}${b.namespace ? ` (namespace ${code(b.namespace)})` : ''}`,
  );
  return {
    markdown: `**${esc(res.kind)}** is applied by ${builds.length === 1 ? 'this build' : `these ${builds.length} builds`}, and checked as applied:\n\n${list.join('\n')}`,
    start,
    end,
  };
};
