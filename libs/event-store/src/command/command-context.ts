import { randomUUID } from 'node:crypto';
import type { Actor } from '@app/domain';
import type { CommandContext } from './decider-command';

/** A request is the root of its causal chain: one correlation id, and the request is the cause. */
export function commandContext(actor: Actor, now: Date, correlationId: string = randomUUID()): CommandContext {
  return { actor, correlationId, causationId: correlationId, now: now.toISOString() };
}
