import { schemaRule } from './_schema';

export default schemaRule('missing-field', 'A field the Istio API requires is missing.');
