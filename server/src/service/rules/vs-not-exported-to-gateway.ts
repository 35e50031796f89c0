import { displayName, span } from '../model';
import { gatewayProxyNamespaces, visibleIn } from '../query/visibility';
import { defineRule } from '../rule';

export default defineRule({
  id: 'vs-not-exported-to-gateway',
  severity: 'error',
  category: 'links',
  title: "A VirtualService bound to a Gateway but not exported (exportTo) to the namespace of the Gateway's proxies: the gateway never sees its routes.",
  kinds: ['VirtualService'],
  check(res, ctx) {
    if (res.view?.type !== 'VirtualService') return;
    for (const ref of res.view.vs.gateways) {
      if (ref.mesh) continue;
      for (const gw of ctx.ws.gateways(ref.namespace, ref.name)) {
        const { namespaces, assumed } = gatewayProxyNamespaces(ctx.ws, gw);
        const blind = namespaces.filter((ns) => !visibleIn(ctx.ws, res, ns));
        if (!blind.length) continue;
        const exported = res.view.vs.exportTo.length ? `exportTo: [${res.view.vs.exportTo.join(', ')}]` : 'the mesh default (defaultVirtualServiceExportTo)';
        const [start, end] = span(res, ref.node);
        ctx.report({
          start,
          end,
          severity: assumed ? 'warning' : undefined,
          message: `${displayName(res)} is bound to Gateway ${gw.namespace}/${gw.name}, whose proxies run in namespace ${blind.join(', ')}${assumed ? ' (assumed: the default ingress install; the workspace holds no workload with its selector)' : ''}, but ${exported} does not export it there: the gateway never sees these routes and answers 404. Add ${blind.join(', ')} to exportTo (or remove exportTo).`,
          data: { resource: res.key, gateway: gw.key, namespaces: blind },
        });
      }
    }
  },
});
