// Small building blocks for rule tests.
export const service = (name, ns = 'default', selector = { app: name }, ports = '  - name: http\n    port: 8080\n') =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector:\n${Object.entries(selector)
    .map(([k, v]) => `    ${k}: ${v}`)
    .join('\n')}\n  ports:\n${ports}`;

export const deployment = (name, labels, ns = 'default') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector:\n    matchLabels:\n${Object.entries(labels)
    .map(([k, v]) => `      ${k}: ${v}`)
    .join('\n')}\n  template:\n    metadata:\n      labels:\n${Object.entries(labels)
    .map(([k, v]) => `        ${k}: ${v}`)
    .join('\n')}\n    spec:\n      containers:\n      - name: app\n        image: app\n`;

export const destinationRule = (name, host, subsets, ns = 'default') =>
  `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  host: ${host}\n  subsets:\n${subsets
    .map(
      ([n, labels]) =>
        `  - name: ${n}\n    labels:\n${Object.entries(labels)
          .map(([k, v]) => `      ${k}: ${v}`)
          .join('\n')}`,
    )
    .join('\n')}\n`;

/** A VirtualService with one HTTP route; dests: [[host, subset, weight?], ...]. */
export const virtualService = (name, host, dests, { ns = 'default', gateways } = {}) =>
  `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  hosts:\n  - ${host}\n${gateways ? `  gateways:\n${gateways.map((g) => `  - ${g}`).join('\n')}\n` : ''}  http:\n  - route:\n${dests
    .map(([h, s, w]) => `    - destination:\n        host: ${h}\n${s ? `        subset: ${s}\n` : ''}${w !== undefined ? `      weight: ${w}\n` : ''}`)
    .join('')}`;
