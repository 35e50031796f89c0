import { schemaRule } from './_schema';

export default schemaRule(
  'unknown-field',
  'A field the Istio API does not know (a typo such as "meta data" or "rout", or a key at the wrong level); Kubernetes drops it silently.',
  [
    { kind: 'safe', title: 'Rename a misspelt key to the only close known key (`metdata` → `metadata`, `spce` → `spec`)' },
    { kind: 'suggestion', title: 'Rename a misspelt key to the closest of several known keys' },
  ],
);
