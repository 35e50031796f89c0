// Examples to load: the seed scenarios of test/fixtures/seeds (YAML from public articles, mistakes included)
// and two workspaces of web/examples (a canary mid-rollout, a clean one). Bundled as text.

import s001half from '../../test/fixtures/seeds/001-reviews-50-50.yaml';
import s001v1 from '../../test/fixtures/seeds/001-reviews-all-v1.yaml';
import s001dr from '../../test/fixtures/seeds/001-reviews-destinationrule.yaml';
import s001header from '../../test/fixtures/seeds/001-reviews-header-canary.yaml';
import s003canary from '../../test/fixtures/seeds/003-micro-api-canary-deployment.yaml';
import s003dr from '../../test/fixtures/seeds/003-micro-api-destinationrule.yaml';
import s003svc from '../../test/fixtures/seeds/003-micro-api-service-deployment.yaml';
import s003vs from '../../test/fixtures/seeds/003-micro-api-virtualservice-70-30.yaml';
import s003gw from '../../test/fixtures/seeds/003-micro-gateway.yaml';
import s004v3 from '../../test/fixtures/seeds/004-reviews-50-v1-v3.yaml';
import s004cb from '../../test/fixtures/seeds/004-reviews-circuit-breaker.yaml';
import s004jason from '../../test/fixtures/seeds/004-reviews-end-user-jason.yaml';
import canaryDr from '../examples/canary/reviews-destinationrule.yaml';
import canaryVs from '../examples/canary/reviews-virtualservice.yaml';
import canaryWl from '../examples/canary/reviews-workloads.yaml';
import cleanGw from '../examples/clean/gateway.yaml';
import cleanPp from '../examples/clean/productpage.yaml';

export interface Example {
  id: string;
  title: string;
  files: { path: string; text: string }[];
  active: string;
}

/** An example from its files (name → text, in the order they are listed); the first is the one shown. */
function example(id: string, title: string, texts: Record<string, string>): Example {
  const files = Object.entries(texts).map(([path, text]) => ({ path, text }));
  return { id, title, files, active: files[0].path };
}

export const EXAMPLES: Example[] = [
  example('misnested', 'Misnested destination (tutorial YAML)', {
    'reviews-all-v1.yaml': s001v1,
    'reviews-50-50.yaml': s001half,
    'reviews-header-canary.yaml': s001header,
    'reviews-destinationrule.yaml': s001dr,
  }),
  example('nbsp', 'Pasted from a web page (non-breaking spaces)', {
    'micro-api-virtualservice.yaml': s003vs,
    'micro-api-destinationrule.yaml': s003dr,
    'micro-api-service-deployment.yaml': s003svc,
    'micro-api-canary-deployment.yaml': s003canary,
    'micro-gateway.yaml': s003gw,
  }),
  example('subsets', 'Subsets no DestinationRule defines', {
    'reviews-50-v1-v3.yaml': s004v3,
    'reviews-end-user-jason.yaml': s004jason,
    'reviews-circuit-breaker.yaml': s004cb,
  }),
  example('canary', 'Canary mid-rollout (80/20)', {
    'reviews-virtualservice.yaml': canaryVs,
    'reviews-destinationrule.yaml': canaryDr,
    'reviews-workloads.yaml': canaryWl,
  }),
  example('clean', 'A clean workspace (gateway, service, subset)', {
    'productpage.yaml': cleanPp,
    'gateway.yaml': cleanGw,
  }),
];
