import { span } from '../model';
import { defineRule } from '../rule';
import { get, scalarString } from '../yamlutil';

/** Protocols Istio recognizes in a port name prefix (`<protocol>[-<suffix>]`). */
export const PORT_PROTOCOLS = ['http', 'http2', 'https', 'http-proxy', 'grpc', 'grpc-web', 'mongo', 'mysql', 'redis', 'tcp', 'tls', 'udp', 'thrift', 'triple'];
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage', 'istio-system']);

export function protocolOfPortName(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const n = name.toLowerCase();
  return PORT_PROTOCOLS.find((p) => n === p || n.startsWith(`${p}-`));
}

export default defineRule({
  id: 'port-name-protocol',
  severity: 'info',
  category: 'structure',
  title:
    'A Service port whose name does not start with a protocol (`http-`, `grpc-`, `tcp-`, …) and has no `appProtocol`, so Istio may treat its traffic as plain TCP.',
  upstream: ['IST0118', 'KIA0601', 'IST0150'],
  kinds: ['Service'],
  check(res, ctx) {
    if (res.view?.type !== 'Service' || SYSTEM_NAMESPACES.has(res.namespace)) return;
    const external = res.view.svc.type === 'ExternalName';
    for (const p of res.view.svc.ports) {
      if (scalarString(get(p.node, 'appProtocol', res.doc.doc))) continue;
      const proto = protocolOfPortName(p.name?.value);
      if (proto && !(external && proto === 'tcp')) continue;
      const [start, end] = span(res, p.name?.node ?? p.node);
      const label = `Port ${p.name?.value ?? '(unnamed)'} (port: ${p.port ?? '?'}, targetPort: ${p.targetPort ?? p.port ?? '?'})`;
      ctx.report({
        start,
        end,
        severity: external ? 'warning' : undefined,
        message: external
          ? `${label} of ExternalName Service ${res.name} has no HTTP-family protocol name: the sidecar may not forward its traffic correctly. Name it http-…, https-…, grpc-… or tls-…, or set appProtocol.`
          : `${label} does not follow Istio's port naming (<protocol>[-suffix], e.g. http-web, grpc-api): Istio falls back to protocol detection or plain TCP. Rename it or set appProtocol.`,
        data: { resource: res.key, port: p.port, name: p.name?.value },
      });
    }
  },
});
