// Conformance with istioctl analyze, measured on its own test data (test/fixtures/istio-corpus, copied
// from upstream with EXPECTED.json). Shared by test/conformance/conformance.test.mjs and scripts/conformance.mjs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fixtures, svc } from '../helpers.mjs';

const corpus = join(fixtures, 'istio-corpus');

/** Upstream analyzer → our rules (with the resource kinds they report on, where an analyzer only looks at some). */
export const ANALYZER_RULES = {
  'virtualservice.ConflictingMeshGatewayHostsAnalyzer': [['conflicting-virtualservice']],
  'schema.ValidationAnalyzer.VirtualService': [['unreachable-route'], ['ineffective-match']],
  'virtualservice.GatewayAnalyzer': [['vs-host-not-in-gateway'], ['unknown-gateway']],
  'virtualservice.DestinationHostAnalyzer': [
    ['unknown-host', ['VirtualService']],
    ['unknown-destination-port'],
    ['destination-port-required'],
    ['gateway-subset-ingress'],
  ],
  'virtualservice.DestinationRuleAnalyzer': [['unknown-subset']],
  'destinationrule.CaCertificateAnalyzer': [['tls-no-ca']],
  'destinationrule.SubsetSelectPodAnalyzer': [['subset-no-workload'], ['unknown-host', ['DestinationRule']]],
  'service.PortNameAnalyzer': [['port-name-protocol']],
  'deployment.MultiServiceAnalyzer': [['conflicting-target-port']],
  'gateway.ConflictingGatewayAnalyzer': [['conflicting-gateways']],
  'serviceentry.Analyzer': [['serviceentry-addresses-required']],
  'serviceentry.ConflictingServiceEntryProtocolAnalyzer': [['serviceentry-protocol-conflict']],
  'deprecation.DeprecationAnalyzer': [['removed-api'], ['deprecated-field']],
  'sidecar.SelectorAnalyzer': [
    ['policy-no-workload', ['Sidecar']],
    ['conflicting-policy-selectors', ['Sidecar']],
    ['conflicting-namespace-policies', ['Sidecar']],
  ],
  'sidecar.DefaultSelectorAnalyzer': [['conflicting-namespace-policies', ['Sidecar']]],
  'telemetry.DefaultSelectorAnalyzer': [['conflicting-namespace-policies', ['Telemetry']]],
  'auth.AuthorizationPoliciesAnalyzer': [['policy-no-workload', ['AuthorizationPolicy']], ['authz-unknown-namespace']],
};

/** Why an upstream analyzer is out of scope for a linter of files. */
export const OUT_OF_SCOPE = {
  'injection.Analyzer': 'needs the cluster: namespace injection labels and running pods with or without sidecars',
  'injection.ImageAnalyzer': 'needs the cluster: the injector configuration and the proxy images of running pods',
  'injection.ImageAutoAnalyzer': 'needs the cluster: the injection webhooks',
  'webhook.Analyzer': 'needs the cluster: admission webhook configurations',
  'meshnetworks.MeshNetworksAnalyzer': 'needs the mesh networks configuration',
  'externalcontrolplane.ExternalControlPlaneAnalyzer': 'needs the cluster: webhook configurations of an external control plane',
  'conditions.ConditionAnalyzer': 'reads status conditions written by the cluster',
  'applicationUID.Analyzer': 'not among the traffic-configuration checks of this tool (pod security context UID 1337)',
  'annotations.AlphaAnalyzer': 'not among the traffic-configuration checks of this tool (Istio annotations)',
  'annotations.K8sAnalyzer': 'not among the traffic-configuration checks of this tool (Istio annotations)',
  'authn.BlockedCIDRsAnalyzer': 'needs the istiod deployment environment and mesh configuration',
  'gateway.SecretAnalyzer': 'needs the cluster: TLS Secrets are not kept in manifests',
  'gateway.CertificateAnalyzer': 'needs the cluster: TLS Secrets of gateways',
  'gateway.IngressGatewayPortAnalyzer': 'needs the ingress gateway Service and pods of the installation',
  'k8sgateway.CRDVersionAnalyzer': 'needs the cluster: installed Gateway API CRD versions',
  'k8sgateway.SelectorAnalyzer': 'Kubernetes Gateway API resources are not analyzed',
  'telemetry.LightstepAnalyzer': 'needs the mesh configuration (extension providers)',
  'telemetry.ProviderAnalyzer': 'needs the mesh configuration (extension providers)',
  'telemetry.SelectorAnalyzer': 'Telemetry selection is not among the checks of this tool',
  'services.MultiClusterServiceAnalyzer': 'needs several clusters',
  'virtualservice.JWTClaimRouteAnalyzer': 'needs the gateway pods and RequestAuthentications of the installation',
};

/** Disagreements we have looked at, with the reason (key: `<case>|<code>|<resource>|missed|extra`). */
export const REASONS = JSON.parse(readFileSync(join(dirname(new URL(import.meta.url).pathname), 'reasons.json'), 'utf8'));

/** Resource names upstream gives only vaguely ("VirtualService (see file)") match any resource of that kind. */
function matches(expected, key) {
  const vague = /^(\S+) \(/.exec(expected);
  if (vague) return key.startsWith(`${vague[1]}/`);
  return resourceKey(expected) === key;
}

/** Co-inputs of derived cases, from their notes ("analyzed together with X", "plus bookinfo.yaml", "running platform/kube/bookinfo.yaml"). */
function derivedInputs(caseLocal, x) {
  const text = x.semantics ?? '';
  const out = [];
  const dir = dirname(join(corpus, caseLocal.replace(/^istio\//, '')));
  for (const m of text.matchAll(/together with ([\w.-]+\.yaml)/g)) out.push(join(dir, m[1]));
  if (/bookinfo\.yaml/.test(text)) out.push(join(corpus, 'bookinfo-platform/bookinfo.yaml'));
  return out;
}

function resourceKey(r) {
  // "<Kind> [<ns>/]<name>"
  const m = /^(\S+) (?:([^/\s]+)\/)?(\S+)$/.exec(r);
  return m ? `${m[1]}/${m[2] ?? 'default'}/${m[3]}` : r;
}

function localPath(caseLocal, ref) {
  // co-inputs are "testdata/x.yaml" relative to the case's upstream folder
  const base = dirname(join(corpus, caseLocal.replace(/^istio\//, '')));
  const p = join(base, ref.replace(/^testdata\//, ''));
  return existsSync(p) ? p : join(base, '..', ref);
}

export function runConformance() {
  const expected = JSON.parse(readFileSync(join(corpus, 'EXPECTED.json'), 'utf8'));
  const ruleCodes = new Map(svc.RULES.map((r) => [r.id, (r.upstream ?? []).filter((c) => c.startsWith('IST'))]));
  const allMapped = Object.values(ANALYZER_RULES).flat();
  const rows = new Map(); // code → {cases:Set, agreed, missed, extra}
  const disagreements = [];
  const outOfScope = [];
  let cases = 0;
  const row = (code) => {
    if (!rows.has(code)) rows.set(code, { cases: new Set(), agreed: 0, missed: 0, extra: 0 });
    return rows.get(code);
  };
  for (const file of expected.files) {
    for (const x of file.expected ?? []) {
      if (!x.diagnostics) continue; // CRD validation tables: measured by the schema test
      const caseId = `${file.local}${x.source_test ? ` :: ${x.source_test.split('::').pop()}` : ''}`;
      if (x.meshConfigFile || x.meshNetworksFile) {
        outOfScope.push({ caseId, analyzer: x.analyzer ?? '(all analyzers)', reason: 'needs a mesh configuration file, which manifests do not carry' });
        continue;
      }
      let mapping;
      if (x.analyzer) {
        mapping = ANALYZER_RULES[x.analyzer];
        if (!mapping) {
          outOfScope.push({ caseId, analyzer: x.analyzer, reason: OUT_OF_SCOPE[x.analyzer] ?? 'no corresponding rule' });
          continue;
        }
      } else mapping = allMapped;
      const codesInScope = new Set(mapping.flatMap(([id]) => ruleCodes.get(id) ?? []));
      const inScope = x.diagnostics.filter((d) => codesInScope.has(d.code));
      if (!x.analyzer && !inScope.length && x.diagnostics.length) {
        outOfScope.push({
          caseId,
          analyzer: '(all analyzers)',
          reason: `expects only ${[...new Set(x.diagnostics.map((d) => d.code))].join(', ')}, which no rule of ours maps to`,
        });
        continue;
      }
      cases++;
      // istioctl analyze takes its input as the whole mesh configuration.
      const ws = svc.createWorkspace({ completeWorkspace: true });
      const paths = [
        join(corpus, file.local.replace(/^istio\//, '')),
        ...(x.co_inputs ?? []).map((c) => localPath(file.local, c)),
        ...derivedInputs(file.local, x),
      ];
      for (const p of paths) if (existsSync(p)) ws.setFile(`file://${p}`, readFileSync(p, 'utf8'));
      const ours = []; // {code-candidates, resource}
      for (const uri of ws.fileUris()) {
        const file2 = ws.getFile(uri);
        for (const f of ws.findings(uri)) {
          const m = mapping.find(([id, _kinds]) => id === f.rule);
          if (!m) continue;
          const res = file2.resources.find((r) => {
            const [s, e] = svc.span(r, r.node);
            return f.start >= s && f.start <= e;
          });
          if (!res || (m[1] && !m[1].includes(res.kind))) continue;
          ours.push({ rule: f.rule, codes: ruleCodes.get(f.rule) ?? [], resource: res.key, message: f.message });
        }
      }
      const touched = new Set();
      for (const d of inScope) {
        const r = row(d.code);
        r.cases.add(caseId);
        const hit =
          ours.find((o) => !touched.has(o) && o.codes.includes(d.code) && matches(d.resource, o.resource)) ??
          ours.find((o) => o.codes.includes(d.code) && matches(d.resource, o.resource));
        if (hit) {
          r.agreed++;
          touched.add(hit);
        } else {
          r.missed++;
          const id = `${file.local}|${d.code}|${d.resource}|missed`;
          disagreements.push({ id, caseId, code: d.code, resource: d.resource, kind: 'missed', reason: REASONS[id] });
        }
      }
      for (const o of ours) {
        if (touched.has(o)) continue;
        // Several findings of ours on one expected resource count once.
        if (inScope.some((d) => o.codes.includes(d.code) && matches(d.resource, o.resource))) continue;
        const code = o.codes.find((c) => codesInScope.has(c)) ?? o.codes[0] ?? o.rule;
        const r = row(code);
        r.cases.add(caseId);
        r.extra++;
        const id = `${file.local}|${o.rule}|${o.resource}|extra`;
        if (!disagreements.some((d) => d.id === id))
          disagreements.push({ id, caseId, code, resource: o.resource, rule: o.rule, kind: 'extra', reason: REASONS[id], message: o.message });
      }
    }
  }
  let agreed = 0;
  let missed = 0;
  let extra = 0;
  for (const r of rows.values()) {
    agreed += r.agreed;
    missed += r.missed;
    extra += r.extra;
  }
  // A miss whose recorded reason starts with "by design" is a documented divergence from upstream
  // (docs/rules/<rule>.md says why): listed, but not counted against recall.
  const byDesign = disagreements.filter((d) => d.kind === 'missed' && d.reason?.startsWith('by design')).length;
  const recall = agreed + missed - byDesign ? (100 * agreed) / (agreed + missed - byDesign) : 100;
  return { rows, cases, agreed, missed, byDesign, extra, recall, disagreements, outOfScope };
}

export function renderMarkdown(r) {
  const lines = [
    '# Conformance with istioctl analyze',
    '',
    'Generated by `npm run conformance` from the upstream analyzer test data in',
    '`test/fixtures/istio-corpus/` (istio/istio, Apache-2.0; expected results in `EXPECTED.json`).',
    'Each case runs the case file with its co-inputs as one workspace. For every expected',
    "message whose code one of our rules maps to (see each rule's docs page), we must report a",
    'finding of that rule on the named resource; where the case expects no message from the',
    'analyzer, the mapped rules must stay silent (anything they report is counted as extra).',
    '',
    '| code | cases | agreed | missed | extra |',
    '|---|---|---|---|---|',
    ...[...r.rows.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, x]) => `| ${code} | ${x.cases.size} | ${x.agreed} | ${x.missed} | ${x.extra} |`),
    '',
    `**Cases run: ${r.cases}. Expected messages in scope: ${r.agreed + r.missed}; agreed ${r.agreed}, missed ${r.missed} (${r.byDesign} by design, not counted in recall), extra ${r.extra}. Recall: ${r.recall.toFixed(1)}%.**`,
    '',
    '## Disagreements',
    '',
    ...(r.disagreements.length
      ? r.disagreements.map(
          (d) =>
            `- ${d.kind === 'missed' ? 'Missed' : 'Extra'} ${d.code}${d.rule ? ` (${d.rule})` : ''} on \`${d.resource}\` in \`${d.caseId}\`: ${d.reason ?? '**no reason recorded**'}`,
        )
      : ['None.']),
    '',
    renderBookinfo(),
    '## Out of scope',
    '',
    "Cases whose analyzer needs a live cluster or a mesh configuration, or checks outside this tool's traffic-configuration scope:",
    '',
    ...r.outOfScope.map((o) => `- \`${o.caseId}\` (${o.analyzer}): ${o.reason}`),
    '',
  ];
  return lines.join('\n');
}

/** Findings on the bookinfo samples (analyzed together with bookinfo-platform/bookinfo.yaml) beyond EXPECTED.json, and why. */
export const BOOKINFO_JUSTIFIED = {
  'duplicate-resource':
    'the samples are alternative versions of the same resources (e.g. several VirtualServices named reviews), meant to be applied one at a time',
  'api-version-upgrade': 'a hint only (severity hint): some samples still use v1alpha3/v1beta1',
  'subset-no-workload':
    'bookinfo.yaml has no ratings-v2, ratings-v2-mysql(-vm) or details-v2 Deployment; upstream reports v2-mysql and v2-mysql-vm, and skips ratings v2 and details v2 only because it matches subset labels against any pod of the namespace (reviews-v2 carries version=v2)',
  'unknown-host': 'certmanager-gateway.yaml routes to cert-manager-resolver in istio-system, a Service these files do not contain',
  'tls-no-ca':
    'egress-rule-google-apis.yaml originates TLS (mode SIMPLE at port 443) without caCertificates; istioctl reports IST0129 for the same shape in its destinationrule-simple-port.yaml case',
};

/** Findings on the bookinfo samples, with whether upstream expects them. */
export function bookinfoFindings() {
  const ws = svc.createWorkspace();
  const dir = join(corpus, 'bookinfo-networking');
  const files = [...readdirSyncSorted(dir).map((f) => join(dir, f)), join(corpus, 'bookinfo-platform/bookinfo.yaml')];
  for (const p of files) ws.setFile(`file://${p}`, readFileSync(p, 'utf8'));
  const out = [];
  for (const uri of ws.fileUris())
    for (const f of ws.findings(uri)) out.push({ file: uri.slice(uri.lastIndexOf('/') + 1), rule: f.rule, severity: f.severity, message: f.message });
  return out;
}

function readdirSyncSorted(dir) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
}

export function renderBookinfo() {
  const findings = bookinfoFindings();
  const expectedRules = new Set(['gateway-subset-ingress', 'subset-no-workload', 'unreachable-route']);
  const counts = {};
  for (const f of findings) counts[f.rule] = (counts[f.rule] ?? 0) + 1;
  return [
    '## Bookinfo samples',
    '',
    'All of `bookinfo-networking/` analyzed together with `bookinfo-platform/bookinfo.yaml`. The findings EXPECTED.json lists',
    '(IST0140 on VirtualService bookinfo, IST0173 on DestinationRule ratings, IST0130 on VirtualService details) are all reported;',
    'the others, by rule:',
    '',
    '| rule | findings | why |',
    '|---|---|---|',
    ...Object.entries(counts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(
        ([rule, n]) =>
          `| ${rule} | ${n} | ${BOOKINFO_JUSTIFIED[rule] ?? (expectedRules.has(rule) ? 'expected upstream (see the table above)' : '**not justified**')} |`,
      ),
    '',
  ].join('\n');
}
