import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * One Ajv instance for every inbound schema. The schemas are plain JSON Schema (the subset AsyncAPI
 * 3.0 schema objects share), so docs/asyncapi.yaml carries the very same objects: a test compares them.
 */
const ajv = addFormats(new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }));

export type JsonSchema = Record<string, unknown>;

export function compileSchema(schema: JsonSchema): ValidateFunction {
  return ajv.compile(schema);
}

/** `data.user_id must be integer, data must NOT have additional properties (token)` */
export function describeErrors(errors: readonly ErrorObject[] | null | undefined, root: string): string {
  return (errors ?? [])
    .map((error) => {
      const at = root + error.instancePath.replace(/\//g, '.');
      const extra = error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';
      return `${at} ${error.message ?? 'is invalid'}${extra}`;
    })
    .join(', ');
}
