import type { IHeaders, Message } from 'kafkajs';
import type { InboundRejection } from './inbound-rejection';
import { redactPlaintextTokens } from './plaintext-tokens';

/** Where a message came from, as the consumer received it. */
export interface SourceMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: IHeaders;
}

/** Headers added to a dead letter (the original headers are kept beside them). */
export const DEAD_LETTER_HEADERS = {
  reason: 'dead-letter-reason',
  detail: 'dead-letter-detail',
  sourceTopic: 'dead-letter-source-topic',
  sourcePartition: 'dead-letter-source-partition',
  sourceOffset: 'dead-letter-source-offset',
  consumerGroup: 'dead-letter-consumer-group',
  deadLetteredAt: 'dead-letter-at',
  /** Present when the value was changed: plaintext token values replaced by "[REDACTED]". */
  redacted: 'dead-letter-redacted',
} as const;

const MAX_DETAIL = 2000;

/**
 * The dead letter of a rejected message: same key, value and headers, plus headers saying why and
 * where from (topic, partition, offset), so it can be inspected, fixed and re-published. The one
 * exception: a plaintext token is never copied anywhere, so its value is redacted.
 */
export function deadLetterMessage(source: SourceMessage, rejection: InboundRejection, consumerGroup: string, now: Date): Message {
  const redact = rejection.reason === 'plaintext-token' && source.value !== null;
  const value = redact ? Buffer.from(JSON.stringify(redactPlaintextTokens(JSON.parse(source.value!.toString('utf8'))))) : source.value;
  return {
    key: source.key,
    value,
    headers: {
      ...(source.headers ?? {}),
      [DEAD_LETTER_HEADERS.reason]: rejection.reason,
      [DEAD_LETTER_HEADERS.detail]: rejection.detail.slice(0, MAX_DETAIL),
      [DEAD_LETTER_HEADERS.sourceTopic]: source.topic,
      [DEAD_LETTER_HEADERS.sourcePartition]: String(source.partition),
      [DEAD_LETTER_HEADERS.sourceOffset]: source.offset,
      [DEAD_LETTER_HEADERS.consumerGroup]: consumerGroup,
      [DEAD_LETTER_HEADERS.deadLetteredAt]: now.toISOString(),
      ...(redact && { [DEAD_LETTER_HEADERS.redacted]: 'plaintext-token' }),
    },
  };
}
