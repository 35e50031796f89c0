import { addEdit, type FileEdits, replaceScalar } from '../edits/edits';
import { gatewayTargets } from '../links';
import { type GatewayRef, parseGatewayRef, span } from '../model';
import { defineRule } from '../rule';
import { closest } from '../text';
import { get, scalarString, seqItems } from '../yamlutil';

/** What the fix reads: the VirtualService and the reference as written (`name`, `ns/name` or `name.ns.svc…`). */
interface UnknownGatewayData {
  resource: string;
  gateway: string;
}

export default defineRule<UnknownGatewayData>({
  id: 'unknown-gateway',
  severity: 'error',
  category: 'links',
  title: 'A VirtualService names a gateway that no Gateway in the workspace defines (`mesh` excepted).',
  fixes: [{ kind: 'suggestion', title: 'Change the reference to a Gateway of the same namespace with a close name' }],
  upstream: ['IST0101', 'KIA1102'],
  kinds: ['VirtualService'],
  namespaceLinks: true,
  check(res, ctx) {
    if (res.view?.type !== 'VirtualService') return;
    // `gateways` of spec, and of each http[].match[] (a match restricted to some gateways).
    const refs: GatewayRef[] = [...res.view.vs.gateways];
    const doc = res.doc.doc;
    for (const route of res.view.vs.http) {
      for (const m of seqItems(route.matchNode, doc)) {
        for (const g of seqItems(get(m, 'gateways', doc), doc)) {
          const value = scalarString(g);
          if (value) refs.push({ value, node: g, ...parseGatewayRef(value, res.namespace) });
        }
      }
    }
    for (const g of refs) {
      if (g.mesh || gatewayTargets(ctx.ws, g).length) continue;
      // Suggestions come from the namespace the reference points at only: a Gateway elsewhere
      // with a similar name is a different Gateway, not a typo.
      const gateways = ctx.ws.ofKind('Gateway').filter((r) => r.name);
      const candidates = gateways.filter((r) => r.namespace === g.namespace).map((r) => r.name!);
      const suggestion = closest(g.name, candidates);
      const sameName = gateways.filter((r) => r.name === g.name && r.namespace !== g.namespace).map((r) => `${r.namespace}/${r.name}`);
      // A reference without a namespace means "the VirtualService's namespace"; do not print it as default/.
      const shown =
        g.value.includes('/') || g.value.includes('.') || res.explicitNamespace ? `${g.namespace}/${g.name}` : `${g.name} (in the VirtualService's namespace)`;
      const [start, end] = span(res, g.node);
      // A Gateway is often installed outside the application's files (a shared ingress gateway):
      // without a near miss to point at, the reference is only certain in a workspace declared complete.
      const sure = ctx.settings.completeWorkspace || !!suggestion;
      // A VirtualService that sets no namespace, applied where a Gateway of that name exists
      // (`kubectl apply -n kubeflow`), binds to it: the namespace is chosen at apply time.
      const unplaced = !res.explicitNamespace && !ctx.ws.applyNamespace(res.uri) && !g.value.includes('/') && !g.value.includes('.');
      const placeable = unplaced && !suggestion && sameName.length > 0;
      ctx.report({
        severity: placeable ? 'hint' : sure ? undefined : 'warning',
        start,
        end,
        message: placeable
          ? `Gateway ${g.name} binds only if this VirtualService, which sets no namespace, is applied to the namespace of ${sameName.join(' or ')} (kubectl apply -n); applied elsewhere its routes do not apply there. Set the namespace (or pass --namespace) to settle it.`
          : `Gateway ${shown} is defined by no Gateway in the workspace${suggestion ? ` (did you mean ${suggestion}?)` : sameName.length ? ` (a Gateway of that name exists in another namespace: ${sameName.join(', ')}; write namespace/name to bind to it)` : ''}. The VirtualService is not bound to it, so its routes do not apply there.${sure ? '' : ' If the Gateway is installed outside these files, this is expected (set completeWorkspace when these files hold every Gateway).'}`,
        data: { resource: res.key, gateway: g.value },
      });
    }
  },
  fix(f, ctx) {
    const res = ctx.resource(f.data?.resource);
    if (res?.view?.type !== 'VirtualService') return [];
    const ref = res.view.vs.gateways.find((g) => g.value === f.data?.gateway && span(res, g.node)[0] === f.start);
    if (!ref) return [];
    // Only Gateways of the namespace the reference already points at: never another namespace
    // by name similarity, and the reference keeps its own form (no `default/` added).
    const target = parseGatewayRef(ref.value, res.namespace);
    const names = ctx.ws.ofKind('Gateway').flatMap((g) => (g.name && g.namespace === target.namespace ? [g.name] : []));
    const best = closest(target.name, names);
    if (!best) return [];
    const slash = ref.value.indexOf('/');
    const dot = ref.value.indexOf('.');
    const value = slash !== -1 ? ref.value.slice(0, slash + 1) + best : dot !== -1 ? best + ref.value.slice(dot) : best;
    const edits: FileEdits = new Map();
    addEdit(edits, res.uri, replaceScalar(res, ref.node, value));
    return [{ title: `Change gateway to ${value}`, kind: 'suggestion', preferred: true, edits }];
  },
});
