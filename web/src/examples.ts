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

export const EXAMPLES: Example[] = [
  {
    id: 'misnested',
    title: 'Misnested destination (tutorial YAML)',
    files: [
      { path: 'reviews-all-v1.yaml', text: s001v1 },
      { path: 'reviews-50-50.yaml', text: s001half },
      { path: 'reviews-header-canary.yaml', text: s001header },
      { path: 'reviews-destinationrule.yaml', text: s001dr },
    ],
    active: 'reviews-all-v1.yaml',
  },
  {
    id: 'nbsp',
    title: 'Pasted from a web page (non-breaking spaces)',
    files: [
      { path: 'micro-api-virtualservice.yaml', text: s003vs },
      { path: 'micro-api-destinationrule.yaml', text: s003dr },
      { path: 'micro-api-service-deployment.yaml', text: s003svc },
      { path: 'micro-api-canary-deployment.yaml', text: s003canary },
      { path: 'micro-gateway.yaml', text: s003gw },
    ],
    active: 'micro-api-virtualservice.yaml',
  },
  {
    id: 'subsets',
    title: 'Subsets no DestinationRule defines',
    files: [
      { path: 'reviews-50-v1-v3.yaml', text: s004v3 },
      { path: 'reviews-end-user-jason.yaml', text: s004jason },
      { path: 'reviews-circuit-breaker.yaml', text: s004cb },
    ],
    active: 'reviews-50-v1-v3.yaml',
  },
  {
    id: 'canary',
    title: 'Canary mid-rollout (80/20)',
    files: [
      { path: 'reviews-virtualservice.yaml', text: canaryVs },
      { path: 'reviews-destinationrule.yaml', text: canaryDr },
      { path: 'reviews-workloads.yaml', text: canaryWl },
    ],
    active: 'reviews-virtualservice.yaml',
  },
  {
    id: 'clean',
    title: 'A clean workspace (gateway, service, subset)',
    files: [
      { path: 'productpage.yaml', text: cleanPp },
      { path: 'gateway.yaml', text: cleanGw },
    ],
    active: 'productpage.yaml',
  },
];
