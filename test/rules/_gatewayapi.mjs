// Gateway API building blocks for rule tests.
export const gwapi = (kind, name, ns, spec, extraMeta = '') =>
  `apiVersion: gateway.networking.k8s.io/v1${kind === 'ReferenceGrant' ? 'beta1' : ''}\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: ${ns}\n${extraMeta}spec:\n${spec}`;

export const k8sGateway = (name = 'gw', ns = 'infra', listeners = '  - name: http\n    protocol: HTTP\n    port: 80\n    allowedRoutes: {namespaces: {from: All}}\n') =>
  gwapi('Gateway', name, ns, `  gatewayClassName: istio\n  listeners:\n${listeners}`);

export const svcYaml = (name, ns, port = 8080) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector: {app: ${name}}\n  ports: [{name: http, port: ${port}}]\n`;

export const httpRoute = (name, ns, spec, extraMeta) => gwapi('HTTPRoute', name, ns, spec, extraMeta);
