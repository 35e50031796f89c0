import { defineRule } from '../rule';
import { inChartTemplates } from '../templates';

/** A chart's template: how to have it rendered (node/helm.ts renders charts when helm can be run). */
const CHART_TEMPLATE =
  'Helm chart template: it is not YAML until rendered, so it was skipped. Charts are rendered and checked with their values files when helm is available: install helm, or set meshLsp.helmCommand (meshlint: --helm <path>); in VS Code the workspace must be trusted. Or lint the rendered output, e.g. `helm template <chart> | meshlint -`.';

export default defineRule({
  id: 'helm-template',
  severity: 'info',
  category: 'parse',
  title:
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text names ${VAR} placeholders literally.
    'The file is a template (Helm chart template, or not YAML until its {{ ... }}, ${VAR} or %VAR% placeholders are filled) and is skipped until rendered.',
  checkFile(file, ctx) {
    const marker = file.facts.template;
    if (file.skipped !== 'template' || !marker) return;
    ctx.report({
      start: marker.start,
      end: marker.end,
      message:
        marker.kind === 'action' && inChartTemplates(file.uri)
          ? CHART_TEMPLATE
          : marker.kind === 'action'
            ? 'File contains Helm/Go template syntax ({{ ... }}): it is not YAML until rendered, so it was skipped. Lint the rendered output instead, e.g. `helm template . | meshlint -`.'
            : // biome-ignore lint/suspicious/noTemplateCurlyInString: the text names ${VAR} placeholders literally.
              'File contains placeholders (${VAR} for envsubst, %VAR% for sed) and is not YAML until they are substituted, so it was skipped. Lint the substituted output instead, e.g. `envsubst < file | meshlint -`.',
    });
  },
});
