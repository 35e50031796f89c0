import { isNode } from 'yaml';
import { addEdit, type FileEdits, replaceScalar } from '../edits/edits';
import { span } from '../model';
import { nodeAt } from '../schema/validate';
import { schemaRule } from './_schema';

export default schemaRule(
  'unknown-field',
  'A field the Istio API does not know (a typo such as "meta data" or "rout", or a key at the wrong level); the API server drops it (or, under strict field validation, refuses the resource).',
  [
    { kind: 'safe', title: 'Rename a misspelt key to the only close known key (`metdata` → `metadata`, `spce` → `spec`)' },
    { kind: 'suggestion', title: 'Rename a misspelt key to the closest of several known keys' },
  ],
  // Rename the key to the suggested one (safe when it is the only close key that fits the value).
  (f, ctx) => {
    const data = f.data;
    const res = ctx.resource(data?.resource);
    if (!data || !res || !data.suggestion || typeof data.field !== 'string' || !data.path) return [];
    const { pair } = nodeAt(res.node, data.path.map(String));
    const key = pair?.key;
    if (!isNode(key) || span(res, key)[0] !== f.start) return [];
    const edits: FileEdits = new Map();
    addEdit(edits, res.uri, replaceScalar(res, key, data.suggestion));
    return [{ title: `Rename ${data.field} to ${data.suggestion}`, kind: data.renameSafe ? 'safe' : 'suggestion', preferred: true, edits }];
  },
);
