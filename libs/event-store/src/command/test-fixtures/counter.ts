import { DomainError, type Decider, type DomainEvent } from '@app/domain';
import type { EventStore, ReadStreamOptions } from '../../event-store.port';
import type { CommandContext } from '../decider-command';

/** A counter that refuses to go past a limit: small enough to see every path of the executor. */
export type Incremented = DomainEvent<'Incremented', { by: number }>;
export type Increment = { type: 'Increment'; by: number; limit: number };

export const counter: Decider<Increment, Incremented, number> = {
  initialState: 0,
  evolve: (state, event) => state + event.data.by,
  decide: (command, state) =>
    state + command.by > command.limit ? new DomainError('forbidden', 'over the limit') : [{ type: 'Incremented', data: { by: command.by } }],
};

export const increment = (by: number, limit = Number.MAX_SAFE_INTEGER): Increment => ({ type: 'Increment', by, limit });

export const testContext: CommandContext = { actor: { type: 'system', name: 'test' }, correlationId: 'c-1', causationId: 'c-1', now: '2026-11-23T10:00:00.000Z' };

export interface StreamRead {
  readonly streamId: string;
  readonly fromRevision: number;
  readonly eventsRead: number;
}

/** The store, with every readStream call written down: what a command read, and from where. */
export function countingReads(store: EventStore): { readonly store: EventStore; readonly reads: StreamRead[] } {
  const reads: StreamRead[] = [];
  const counting: EventStore = Object.assign(Object.create(store) as EventStore, {
    async readStream(streamId: string, options?: ReadStreamOptions) {
      const events = await store.readStream(streamId, options);
      reads.push({ streamId, fromRevision: options?.fromRevision ?? 0, eventsRead: events.length });
      return events;
    },
  });
  return { store: counting, reads };
}
