/** The IstioOperator view: the gateways an install creates, the profile's defaults included. */
import type { Document, Node } from 'yaml';
import { type AnyNode, get, scalarString, seqItems, stringMap } from '../yamlutil';

// ---------------------------------------------------------------- IstioOperator

/** A gateway deployment that `istioctl install -f` (or the operator) creates from an IstioOperator. */
export interface OperatorGateway {
  type: 'ingress' | 'egress';
  name: string;
  namespace: string;
  /** Labels of its pods: `istio: <type>gateway` and `app: <name>`, then the entry's `label` map. */
  labels: Record<string, string>;
  /** The `components.*Gateways[]` entry, or undefined for the profile's default gateway. */
  node?: Node;
}

export interface IstioOperatorView {
  profile: string;
  /** The enabled gateways, the profile's defaults included. */
  gateways: OperatorGateway[];
}

/** Profiles that install no gateway; the others (default, demo, preview, openshift, …) install istio-ingressgateway. */
const PROFILES_WITHOUT_GATEWAYS = new Set(['minimal', 'empty', 'remote', 'ambient', 'external']);

export function readIstioOperator(spec: AnyNode, doc: Document): IstioOperatorView {
  const profile = scalarString(get(spec, 'profile', doc)) ?? 'default';
  const namespace = scalarString(get(spec, 'namespace', doc)) ?? 'istio-system';
  const components = get(spec, 'components', doc);
  const gateways: OperatorGateway[] = [];
  const entries: { type: 'ingress' | 'egress'; name: string; node: Node }[] = [];
  for (const type of ['ingress', 'egress'] as const) {
    for (const item of seqItems(get(components, `${type}Gateways`, doc), doc)) {
      const name = scalarString(get(item, 'name', doc));
      if (!name) continue;
      entries.push({ type, name, node: item });
      // An entry is taken as enabled unless it says `enabled: false`: a gateway that may exist
      // is better than a Gateway reported as served by none.
      if (scalarString(get(item, 'enabled', doc)) === 'false') continue;
      const labels: Record<string, string> = { istio: `${type}gateway`, app: name, ...(stringMap(get(item, 'label', doc), doc) ?? {}) };
      // `k8s.overlays` may patch the Deployment's pod labels (`spec.template.metadata.labels.<key>`).
      for (const o of seqItems(get(get(item, 'k8s', doc), 'overlays', doc), doc)) {
        if (scalarString(get(o, 'kind', doc)) !== 'Deployment') continue;
        for (const p of seqItems(get(o, 'patches', doc), doc)) {
          const path = scalarString(get(p, 'path', doc));
          const value = scalarString(get(p, 'value', doc));
          const prefix = 'spec.template.metadata.labels.';
          if (path?.startsWith(prefix) && value !== undefined) labels[path.slice(prefix.length)] = value;
        }
      }
      gateways.push({ type, name, namespace: scalarString(get(item, 'namespace', doc)) ?? namespace, labels, node: item });
    }
  }
  const defaults: { type: 'ingress' | 'egress'; name: string }[] = [];
  if (!PROFILES_WITHOUT_GATEWAYS.has(profile)) defaults.push({ type: 'ingress', name: 'istio-ingressgateway' });
  if (profile === 'demo') defaults.push({ type: 'egress', name: 'istio-egressgateway' });
  for (const d of defaults) {
    // An entry of the same name replaces the profile's gateway (or disables it with enabled: false).
    if (entries.some((e) => e.type === d.type && e.name === d.name)) continue;
    gateways.push({ type: d.type, name: d.name, namespace, labels: { istio: `${d.type}gateway`, app: d.name } });
  }
  return { profile, gateways };
}
