import { randomUUID } from 'node:crypto';
import type { Actor } from '@app/domain';
import { currentRequestId } from '@app/common/request-context';
import type { CommandContext } from './decider-command';

/**
 * A request is the root of its causal chain: one correlation id, and the request is the cause. Inside
 * an HTTP request the id is the request's (X-Request-Id, honoured or generated), so its log line,
 * the audit entry and the Kafka message share it; elsewhere a fresh one.
 */
export function commandContext(actor: Actor, now: Date, correlationId: string = currentRequestId() ?? randomUUID()): CommandContext {
  return { actor, correlationId, causationId: correlationId, now: now.toISOString() };
}
