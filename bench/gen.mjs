// Generates realistic benchmark workspaces: N resources (VirtualServices, DestinationRules, Services,
// Deployments) with resolving cross-references, a few split routes and a few deliberate mistakes.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function app(i, ns) {
  const name = `svc-${i}`;
  const svc = `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${ns}\n  labels:\n    app: ${name}\nspec:\n  selector:\n    app: ${name}\n  ports:\n  - name: http\n    port: 8080\n    targetPort: 8080\n`;
  const dep = (v) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}-${v}\n  namespace: ${ns}\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: ${name}\n      version: ${v}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n        version: ${v}\n    spec:\n      containers:\n      - name: app\n        image: registry.example.com/${name}:${v === 'v1' ? '1.0.0' : '1.1.0'}\n        ports:\n        - containerPort: 8080\n`;
  const dr = `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  host: ${name}\n  trafficPolicy:\n    connectionPool:\n      http:\n        http1MaxPendingRequests: 100\n  subsets:\n  - name: v1\n    labels:\n      version: v1\n  - name: v2\n    labels:\n      version: ${i % 97 === 0 ? 'v9' : 'v2'}\n`;
  const split = i % 5 === 0;
  const w1 = i % 89 === 0 ? 90 : 80;
  const vs = `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  hosts:\n  - ${name}\n  http:\n  - match:\n    - headers:\n        end-user:\n          exact: tester\n    route:\n    - destination:\n        host: ${name}\n        subset: ${i % 83 === 0 ? 'v3' : 'v2'}\n  - route:\n    - destination:\n        host: ${name}\n        subset: v1\n${split ? `      weight: ${w1}\n    - destination:\n        host: ${name}\n        subset: v2\n      weight: 20\n` : ''}`;
  return [svc, dep('v1'), dep('v2'), dr, vs];
}

/**
 * Write a workspace of about `n` resources into `dir`.
 * layout 'repo': one folder per namespace, one file per resource kind per app;
 * 'files:K': K files of equal size; 'single': one multi-document file.
 */
export function generate(dir, n, layout = 'repo') {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const apps = Math.max(1, Math.round(n / 5));
  const docs = [];
  for (let i = 0; i < apps; i++) docs.push(...app(i, `team-${i % 10}`).map((d) => ({ i, d })));
  if (layout === 'single') {
    writeFileSync(join(dir, 'all.yaml'), docs.map((x) => x.d).join('---\n'));
  } else if (layout.startsWith('files:')) {
    const k = Number(layout.slice(6));
    const per = Math.ceil(docs.length / k);
    for (let f = 0; f < k; f++)
      writeFileSync(
        join(dir, `part-${String(f).padStart(3, '0')}.yaml`),
        docs
          .slice(f * per, (f + 1) * per)
          .map((x) => x.d)
          .join('---\n'),
      );
  } else {
    for (let i = 0; i < apps; i++) {
      const ns = join(dir, `team-${i % 10}`);
      mkdirSync(ns, { recursive: true });
      const [svc, d1, d2, dr, vs] = app(i, `team-${i % 10}`);
      writeFileSync(join(ns, `svc-${i}-workload.yaml`), [svc, d1, d2].join('---\n'));
      writeFileSync(join(ns, `svc-${i}-traffic.yaml`), [dr, vs].join('---\n'));
    }
  }
  return { resources: docs.length, files: layout === 'single' ? 1 : layout.startsWith('files:') ? Number(layout.slice(6)) : apps * 2 };
}

if (process.argv[1]?.endsWith('gen.mjs')) {
  const [, , dir, n, layout] = process.argv;
  console.log(generate(dir, Number(n), layout));
}
