// The route simulator on real repositories: every VirtualService and HTTPRoute host of the field
// corpus, from the mesh and from each gateway it is bound to, gets an answer and never an exception.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { root, svc } from './helpers.mjs';

const corpus = join(root, '../shared/corpus/field');

function walk(dir, acc = []) {
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p, acc);
    else if (/\.ya?ml$/.test(p)) acc.push(p);
  }
  return acc;
}

test('simulate answers every host of the field corpus without throwing', { skip: !existsSync(corpus) && 'no ../shared/corpus/field' }, () => {
  let requests = 0;
  let matched = 0;
  for (const repo of readdirSync(corpus).filter((d) => statSync(join(corpus, d)).isDirectory())) {
    const ws = svc.createWorkspace();
    for (const f of walk(join(corpus, repo))) ws.setFile(pathToFileURL(f).href, readFileSync(f, 'utf8'));
    for (const r of ws.allResources()) {
      const reqs = [];
      if (r.view?.type === 'VirtualService') {
        for (const h of r.view.vs.hosts) {
          const host = h.value.replace(/^\*\./, 'x.').replace(/^\*$/, 'any.example.com');
          reqs.push({ host, sourceNamespace: r.namespace, path: '/' });
          for (const g of r.view.vs.gateways)
            if (!g.mesh) reqs.push({ host, gateway: `${g.namespace}/${g.name}`, path: '/api', headers: { 'end-user': 'jason' } });
        }
      } else if (r.kind === 'HTTPRoute') {
        const v = svc.routeView(r);
        for (const p of v.parentRefs)
          if (p.name)
            reqs.push({
              host: v.hostnames[0]?.value.replace(/^\*\./, 'x.') ?? `${p.name.value}.${p.namespace}.svc.cluster.local`,
              gateway: p.kind === 'Gateway' ? `${p.namespace}/${p.name.value}` : undefined,
              path: '/',
            });
      }
      for (const q of reqs) {
        const res = svc.simulate(ws, q);
        requests++;
        if (res.matched) matched++;
        assert.ok(res.matched || res.reason, `${repo}: ${JSON.stringify(q)} has neither a route nor a reason`);
      }
    }
  }
  console.log(`# ${requests} requests over the field corpus, ${matched} matched a route`);
  assert.ok(requests > 50);
});
