import { isMap, type Node } from 'yaml';
import { span } from '../model';
import { defineRule } from '../rule';
import { ISTIO_FACTS, istioAtLeast } from '../versions';
import { get, getPair, scalarString, seqItems } from '../yamlutil';

export default defineRule({
  id: 'tls-no-ca',
  severity: 'warning',
  category: 'structure',
  title: 'A DestinationRule with TLS mode SIMPLE or MUTUAL but no caCertificates: before Istio 1.20 the server identity is not verified.',
  upstream: ['IST0128', 'IST0129'],
  kinds: ['DestinationRule'],
  check(res, ctx) {
    if (res.view?.type !== 'DestinationRule') return;
    // From Istio 1.20 sidecars verify server certificates against the OS roots when no caCertificates
    // is set: only a server with a private CA is left unverifiable, so the finding is a hint.
    const verifiedByOsRoots = istioAtLeast(ctx.settings, ISTIO_FACTS.verifyAtClient);
    const doc = res.doc.doc;
    const selector = !!res.view.dr.workloadSelector;
    const host = res.view.dr.host?.value ?? '?';
    const checkTls = (tls: Node | null | undefined, where: string, code: 'IST0128' | 'IST0129', port?: string) => {
      if (!isMap(tls)) return;
      const mode = scalarString(get(tls, 'mode', doc));
      if (mode !== 'SIMPLE' && mode !== 'MUTUAL') return;
      if (scalarString(get(tls, 'caCertificates', doc))) return;
      if (get(tls, 'insecureSkipVerify', doc) && scalarString(get(tls, 'insecureSkipVerify', doc)) === 'true') return;
      if (scalarString(get(tls, 'credentialName', doc)) && selector) return; // CA comes with the credential for gateways
      const [start, end] = span(res, getPair(tls, 'mode')?.key as Node);
      ctx.report({
        start,
        end,
        severity: verifiedByOsRoots ? 'hint' : undefined,
        message: verifiedByOsRoots
          ? `TLS mode ${mode} ${where} has no caCertificates: the server certificate of ${host}${port ? ` at port ${port}` : ''} is verified against the operating system's root CAs (Istio 1.20 and later), so a server with a private CA fails verification. Set caCertificates (or credentialName) for a private CA.`
          : `TLS mode ${mode} ${where} has no caCertificates: the server certificate of ${host}${port ? ` at port ${port}` : ''} is not verified (Istio before 1.20). Set caCertificates (or credentialName with the CA).`,
        data: { resource: res.key, mode, code, port },
      });
    };
    const policies: { tp: Node | null | undefined; where: string }[] = [{ tp: res.view.dr.trafficPolicy, where: 'for the destination' }];
    for (const s of res.view.dr.subsets) policies.push({ tp: get(s.node, 'trafficPolicy', doc), where: `of subset ${s.name?.value ?? s.index}` });
    for (const { tp, where } of policies) {
      if (!tp) continue;
      checkTls(get(tp, 'tls', doc), where, 'IST0128');
      for (const pls of seqItems(get(tp, 'portLevelSettings', doc), doc)) {
        const port = scalarString(get(get(pls, 'port', doc), 'number', doc));
        checkTls(get(pls, 'tls', doc), `${where} at port ${port ?? '?'}`, 'IST0129', port);
      }
    }
  },
});
