import { InboundRejection } from './inbound-rejection';
import { compileSchema, describeErrors, type JsonSchema } from './json-schema-validator';
import { plaintextTokenPaths } from './plaintext-tokens';

/**
 * The inbound envelope: CloudEvents 1.0 in structured JSON mode, like the outbound runner events
 * (libs/kafka/src/cloud-event.ts). `id` + `source` identify the message (CloudEvents makes that pair
 * unique), which is what makes redelivery harmless; `type` selects the data schema.
 */
export interface InboundCloudEvent {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly time?: string;
  readonly subject?: string;
  readonly datacontenttype?: string;
  /** Version of the data schema of `type`; 1 when absent. */
  readonly schemaversion?: number;
  readonly correlationid?: string;
  readonly data: Record<string, unknown>;
}

/** Also published in docs/asyncapi.yaml (components.schemas.InboundCloudEvent). */
export const INBOUND_ENVELOPE_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['specversion', 'id', 'source', 'type', 'data'],
  properties: {
    specversion: { const: '1.0' },
    id: { type: 'string', minLength: 1, maxLength: 256 },
    source: { type: 'string', minLength: 1, maxLength: 1024 },
    type: { type: 'string', minLength: 1, maxLength: 256 },
    time: { type: 'string', format: 'date-time' },
    subject: { type: 'string' },
    datacontenttype: { type: 'string', pattern: '^application/json' },
    schemaversion: { type: 'integer', minimum: 1 },
    correlationid: { type: 'string', minLength: 1, maxLength: 256 },
    data: { type: 'object' },
  },
};

const validateEnvelope = compileSchema(INBOUND_ENVELOPE_SCHEMA);

/**
 * Bytes to envelope, or an InboundRejection. A plaintext token anywhere is refused before anything
 * else is looked at, so no later error message can ever echo it.
 */
export function parseInboundCloudEvent(value: Buffer | null): InboundCloudEvent {
  if (value === null || value.length === 0) throw new InboundRejection('invalid-json', 'the message has no value');
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch (error) {
    throw new InboundRejection('invalid-json', `the value is not JSON (${(error as Error).message})`);
  }
  const secrets = plaintextTokenPaths(parsed);
  if (secrets.length > 0) throw new InboundRejection('plaintext-token', `tokens must arrive as SHA-256 digests; plaintext at ${secrets.join(', ')}`);
  if (!validateEnvelope(parsed)) throw new InboundRejection('invalid-envelope', describeErrors(validateEnvelope.errors, '$'));
  return parsed as unknown as InboundCloudEvent;
}
