/** Typed lookups of what a host names, shared by rules. */
import { toFQDN } from '../hosts';
import type { Lookup } from '../lookup';
import type { Resource, ServiceView, Str } from '../model';

/** The Service a host written in `from` resolves to (the first, if several), with its view. */
export function serviceForHost(ws: Lookup, from: Resource, host: Str): { res: Resource; svc: ServiceView } | undefined {
  const res = ws.servicesForHost(toFQDN(host.value, from.namespace))[0];
  return res?.view?.type === 'Service' ? { res, svc: res.view.svc } : undefined;
}
