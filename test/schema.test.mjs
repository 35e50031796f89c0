// The generated schemas: current with their sources, valid JSON Schema, usable by any validator,
// and the whole upstream validation dataset passes our schema and Istio validation rules.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import { allFindings, fixtures, root, workspaceOf } from './helpers.mjs';

test('schemas/ is current (npm run schemas regenerates it from third_party/ and kubernetes-types)', () => {
  const r = spawnSync(process.execPath, [join(root, 'scripts/gen-schemas.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('every generated schema compiles, and the combined istio.json picks the schema by apiVersion and kind', () => {
  const catalog = JSON.parse(readFileSync(join(root, 'schemas/catalog.json'), 'utf8')).schemas;
  assert.ok(catalog.length >= 40);
  const kinds = new Set(catalog.map((c) => c.kind));
  for (const k of [
    'VirtualService',
    'DestinationRule',
    'Gateway',
    'ServiceEntry',
    'Sidecar',
    'WorkloadEntry',
    'WorkloadGroup',
    'EnvoyFilter',
    'ProxyConfig',
    'AuthorizationPolicy',
    'PeerAuthentication',
    'RequestAuthentication',
    'Telemetry',
    'WasmPlugin',
    'Deployment',
    'StatefulSet',
    'DaemonSet',
    'ReplicaSet',
    'Pod',
    'Service',
    'Namespace',
  ])
    assert.ok(kinds.has(k), k);
  const ajv = new Ajv({ strict: false, allErrors: true });
  for (const c of catalog) ajv.addSchema(JSON.parse(readFileSync(join(root, 'schemas', c.file), 'utf8')));
  const istio = JSON.parse(readFileSync(join(root, 'schemas/istio.json'), 'utf8'));
  const validate = ajv.compile(istio);
  assert.equal(
    validate({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'a' },
      spec: { hosts: ['a'], http: [{ route: [{ destination: { host: 'a' } }] }] },
    }),
    true,
  );
  assert.equal(validate({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'a' }, spec: { http: [{ rout: [] }] } }), false);
  assert.equal(validate({ apiVersion: 'example.com/v1', kind: 'Other', anything: 1 }), true);
});

test('the upstream validation dataset (all valid) yields no error or warning from schema and Istio validation rules', () => {
  const dir = join(fixtures, 'istio-corpus/validation-dataset');
  const files = Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
  const reference = new Set(['duplicate-resource', 'unknown-host', 'unknown-subset', 'unknown-gateway', 'subset-no-workload']);
  const bad = allFindings(workspaceOf(files)).filter((f) => (f.severity === 'error' || f.severity === 'warning') && !reference.has(f.rule));
  assert.deepEqual(
    bad.map((f) => `${f.file}:${f.line} ${f.rule} ${f.message}`),
    [],
  );
});
