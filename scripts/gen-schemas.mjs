// Generates the JSON schemas in schemas/ from the pinned Istio CRD definitions in
// third_party/istio-api/ (one schema per kind and served version, strict about unknown
// properties), plus schemas/istio.json (all kinds, chosen by apiVersion and kind) and
// schemas/catalog.json. `--check` exits 1 when the committed files are stale.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'third_party/istio-api/customresourcedefinitions.gen.yaml');
// The Kubernetes Gateway API's standard-channel CRDs, converted the same way.
const gatewayApiDir = join(root, 'third_party/gateway-api/crd-standard');
const gatewayApiSources = existsSync(gatewayApiDir)
  ? readdirSync(gatewayApiDir)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => join(gatewayApiDir, f))
  : [];
const outDir = join(root, 'schemas');
const check = process.argv.includes('--check');

const objectMeta = {
  type: 'object',
  description: 'Standard Kubernetes object metadata.',
  properties: {
    name: { type: 'string', description: 'Name of the resource, unique within its namespace (a DNS-1123 subdomain).' },
    namespace: { type: 'string', description: 'Namespace of the resource; `default` when absent.' },
    generateName: { type: 'string', description: 'Prefix the server uses to generate a unique name when `name` is not set.' },
    labels: { type: 'object', additionalProperties: { type: 'string' }, description: 'Map of string keys and values to organize and select resources.' },
    annotations: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: 'Map of string keys and values for arbitrary, non-identifying metadata.',
    },
    uid: { type: 'string' },
    resourceVersion: { type: 'string' },
    generation: { type: 'integer' },
    creationTimestamp: { type: ['string', 'null'] },
    deletionTimestamp: { type: ['string', 'null'] },
    deletionGracePeriodSeconds: { type: 'integer' },
    finalizers: { type: 'array', items: { type: 'string' } },
    ownerReferences: { type: 'array', items: { type: 'object' } },
    managedFields: { type: 'array', items: { type: 'object' } },
    selfLink: { type: 'string' },
  },
  additionalProperties: false,
};

/**
 * The fields of kubernetes-types' interfaces that hold a `Quantity` (a scalar, or a map of them
 * such as `limits` and `requests`): interface name → [property, is a map of quantities].
 */
function quantityFields(program, ts) {
  const out = new Map();
  const isQuantity = (t) => t && ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName) && t.typeName.text === 'Quantity';
  for (const sf of program.getSourceFiles()) {
    if (!sf.fileName.includes('kubernetes-types')) continue;
    for (const st of sf.statements) {
      if (!ts.isInterfaceDeclaration(st)) continue;
      for (const m of st.members) {
        if (!ts.isPropertySignature(m) || !m.type) continue;
        const name = ts.isIdentifier(m.name) || ts.isStringLiteral(m.name) ? m.name.text : undefined;
        if (!name) continue;
        let isMap;
        if (isQuantity(m.type)) isMap = false;
        else if (ts.isTypeLiteralNode(m.type) && m.type.members.some((x) => ts.isIndexSignatureDeclaration(x) && isQuantity(x.type))) isMap = true;
        else continue;
        const list = out.get(st.name.text) ?? [];
        list.push([name, isMap]);
        out.set(st.name.text, list);
      }
    }
  }
  return out;
}

/** OpenAPI v3 (CRD flavour) → JSON Schema, strict where the CRD is structural. */
function convert(s) {
  if (Array.isArray(s)) return s.map(convert);
  if (!s || typeof s !== 'object') return s;
  const out = {};
  for (const [k, v] of Object.entries(s)) {
    if (k.startsWith('x-kubernetes-') || k === 'nullable' || k === 'format') continue;
    if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v).map(([pk, pv]) => [pk, convert(pv)]));
    else out[k] = convert(v);
  }
  if (s['x-kubernetes-int-or-string']) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (s.format === 'int32' || s.format === 'int64') out.type = out.type === 'string' ? 'string' : 'integer';
  if (s.format === 'uint32' && out.type === 'integer') out.minimum = 0;
  if (s.type === 'object' && !s['x-kubernetes-preserve-unknown-fields'] && s.properties && s.additionalProperties === undefined)
    out.additionalProperties = false;
  if (s.nullable && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}

const docs = [src, ...gatewayApiSources].flatMap((f) => parseAllDocuments(readFileSync(f, 'utf8')).map((d) => d.toJS()));
const files = new Map();
const catalog = [];
for (const crd of docs) {
  if (crd?.kind !== 'CustomResourceDefinition') continue;
  const { group, names } = crd.spec;
  for (const v of crd.spec.versions) {
    if (!v.served) continue;
    const apiVersion = `${group}/${v.name}`;
    const spec = convert(v.schema.openAPIV3Schema);
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: `https://mesh-lsp.dev/schemas/${group}/${v.name}/${names.kind}.json`,
      title: `${names.kind} (${apiVersion})`,
      description: spec.description ?? `${names.kind} of ${group}`,
      type: 'object',
      properties: {
        apiVersion: { type: 'string', enum: [apiVersion], description: `APIVersion: ${apiVersion}.` },
        kind: { type: 'string', enum: [names.kind], description: `Kind: ${names.kind}.` },
        metadata: objectMeta,
        ...Object.fromEntries(Object.entries(spec.properties ?? {}).filter(([k]) => k !== 'apiVersion' && k !== 'kind' && k !== 'metadata')),
      },
      required: ['apiVersion', 'kind', 'metadata', ...(spec.required ?? []).filter((r) => r !== 'apiVersion' && r !== 'kind' && r !== 'metadata')],
      additionalProperties: false,
    };
    if (v.deprecated) schema.deprecated = true;
    const rel = `${group}/${v.name}/${names.kind}.json`;
    files.set(rel, schema);
    catalog.push({ apiVersion, group, version: v.name, kind: names.kind, file: rel, storage: !!v.storage });
  }
}
// Kubernetes kinds we read: generated from kubernetes-types (the Kubernetes API types with their
// upstream field documentation) by typescript-json-schema, strict about unknown properties.
{
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  const TJS = require('typescript-json-schema');
  const base = dirname(require.resolve('kubernetes-types/package.json'));
  const k8sVersion = require('kubernetes-types/package.json').version;
  const program = TJS.getProgramFromFiles([join(base, 'apps/v1.d.ts'), join(base, 'core/v1.d.ts')], { strictNullChecks: true, skipLibCheck: true });
  const kinds = [
    ['apps/v1', 'Deployment'],
    ['apps/v1', 'StatefulSet'],
    ['apps/v1', 'DaemonSet'],
    ['apps/v1', 'ReplicaSet'],
    ['v1', 'Pod'],
    ['v1', 'Service'],
    ['v1', 'Namespace'],
  ];
  // The TypeScript that typescript-json-schema builds its program with (its own dependency).
  const quantities = quantityFields(program, createRequire(require.resolve('typescript-json-schema'))('typescript'));
  for (const [apiVersion, kind] of kinds) {
    const schema = TJS.generateSchema(program, kind, { noExtraProps: true, required: true, ref: true, aliasRef: false, topRef: false, ignoreErrors: true });
    if (!schema) throw new Error(`no schema for ${kind}`);
    delete schema.$schema;
    // A resource.Quantity is typed `string` in kubernetes-types, but the API server reads a
    // number too (`cpu: 1`, `memory: 1e9`): it is an int-or-string (any JSON number or a string).
    for (const [def, props] of quantities) {
      const d = schema.definitions?.[def];
      if (!d?.properties) continue;
      for (const [prop, isMap] of props) {
        const p = d.properties[prop];
        if (!p) continue;
        if (isMap) p.additionalProperties = { type: ['string', 'number'] };
        else p.type = ['string', 'number'];
      }
    }
    // `serviceName` of a StatefulSet is optional: the API server accepts a StatefulSet without it
    // (marked optional upstream since Kubernetes 1.32); kubernetes-types 1.30 still lists it as required.
    const sts = schema.definitions?.StatefulSetSpec;
    if (sts?.required) sts.required = sts.required.filter((r) => r !== 'serviceName');
    // `readonly status` is written by the cluster; manifests may carry it (e.g. from kubectl get -o yaml).
    schema.required = ['apiVersion', 'kind', 'metadata'];
    const out = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: `https://mesh-lsp.dev/schemas/kubernetes/${apiVersion}/${kind}.json`,
      title: `${kind} (${apiVersion}, Kubernetes ${k8sVersion.replace(/\.0$/, '')})`,
      ...schema,
    };
    const rel = `kubernetes/${apiVersion}/${kind}.json`;
    files.set(rel, out);
    catalog.push({
      apiVersion,
      group: apiVersion.includes('/') ? apiVersion.split('/')[0] : '',
      version: apiVersion.split('/').pop(),
      kind,
      file: rel,
      storage: true,
    });
  }
}
catalog.sort((a, b) => a.file.localeCompare(b.file));
files.set('catalog.json', {
  description: 'Generated by scripts/gen-schemas.mjs from third_party/istio-api and third_party/gateway-api (see SOURCE.md there).',
  schemas: catalog,
});
files.set('istio.json', {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://mesh-lsp.dev/schemas/istio.json',
  title: 'Istio resources (VirtualService, DestinationRule, Gateway, ...)',
  description: 'Chooses the schema by apiVersion and kind; other documents are not constrained.',
  type: 'object',
  allOf: catalog.map((c) => ({
    if: { properties: { apiVersion: { const: c.apiVersion }, kind: { const: c.kind } }, required: ['apiVersion', 'kind'] },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, not a thenable.
    then: { $ref: `./${c.file}` },
  })),
});

let stale = false;
for (const [rel, json] of files) {
  const p = join(outDir, rel);
  const text = `${JSON.stringify(json, null, 2)}\n`;
  if (existsSync(p) && readFileSync(p, 'utf8') === text) continue;
  stale = true;
  if (!check) {
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
}
if (check && stale) {
  console.error('schemas/ is stale: run `npm run schemas`');
  process.exit(1);
}
if (!check) console.log(`schemas: ${catalog.length} kind/version schemas`);
