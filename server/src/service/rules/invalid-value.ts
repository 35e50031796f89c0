import { schemaRule } from './_schema';

export default schemaRule('invalid-value', 'A value of the wrong type, outside an enum or a range, or mutually exclusive fields set together.');
