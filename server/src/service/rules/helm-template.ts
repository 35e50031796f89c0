import { defineRule } from '../rule';

export default defineRule({
  id: 'helm-template',
  severity: 'info',
  category: 'parse',
  title:
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text names ${VAR} placeholders literally.
    'The file is a template (Helm chart template, or not YAML until its {{ ... }}, ${VAR} or %VAR% placeholders are filled) and is skipped until rendered.',
  source: 'parse',
  checkFile(file, ctx) {
    const marker = file.facts.template;
    if (file.skipped !== 'template' || !marker) return;
    ctx.report({
      start: marker.start,
      end: marker.end,
      message:
        marker.kind === 'action'
          ? 'File contains Helm/Go template syntax ({{ ... }}): it is not YAML until rendered, so it was skipped. Lint the rendered output instead, e.g. `helm template . | meshlint -`.'
          : // biome-ignore lint/suspicious/noTemplateCurlyInString: the text names ${VAR} placeholders literally.
            'File contains placeholders (${VAR} for envsubst, %VAR% for sed) and is not YAML until they are substituted, so it was skipped. Lint the substituted output instead, e.g. `envsubst < file | meshlint -`.',
    });
  },
});
