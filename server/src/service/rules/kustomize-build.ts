import { defineRule } from '../rule';

/**
 * Reported by the workspace from a Kustomize build's problems (see workspace/index.ts), where
 * `kubectl kustomize` itself would refuse the build: a resource added twice, a generator
 * making an existing name, a cycle of kustomizations. Problems that only limit the model (a remote base, an input not in the workspace)
 * are not reported.
 */
export default defineRule({
  id: 'kustomize-build',
  severity: 'error',
  category: 'structure',
  title: 'Kustomize refuses to build this kustomization, so nothing of it is applied.',
  upstream: [],
});
