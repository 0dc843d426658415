import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DomainError, type Decider, type DomainEvent } from '@app/domain';
import type { EventStore } from '../event-store.port';
import { tempSqliteFile, type TempSqliteFile } from '../sqlite/test-fixtures/temp-store';
import { ConcurrencyConflictError, executeDeciderCommand, type CommandContext } from './decider-command';

/** A counter that refuses to go past a limit: small enough to see every path of the executor. */
type Incremented = DomainEvent<'Incremented', { by: number }>;
type Increment = { type: 'Increment'; by: number; limit: number };
const counter: Decider<Increment, Incremented, number> = {
  initialState: 0,
  evolve: (state, event) => state + event.data.by,
  decide: (command, state) =>
    state + command.by > command.limit ? new DomainError('forbidden', 'over the limit') : [{ type: 'Incremented', data: { by: command.by } }],
};
const context: CommandContext = { actor: { type: 'system', name: 'test' }, correlationId: 'c-1', causationId: 'c-1', now: '2026-11-23T10:00:00.000Z' };

describe('executeDeciderCommand', () => {
  let temp: TempSqliteFile;
  let store: EventStore;
  const run = (streamId: string, command: Increment, extra: Partial<Parameters<typeof executeDeciderCommand>[0]> = {}) =>
    executeDeciderCommand({ store, streamId, decider: counter, command, context, schemaVersions: { Incremented: 3 }, ...extra });

  beforeEach(() => {
    temp = tempSqliteFile();
    store = temp.open();
  });
  afterEach(() => temp.cleanup());

  it('appends the decided events with metadata and returns the new state', async () => {
    const result = await run('counter-1', { type: 'Increment', by: 2, limit: 10 });
    expect(result).toMatchObject({ ok: true, state: 2 });
    const [event] = await store.readStream('counter-1');
    expect(event.metadata).toEqual({ occurredAt: context.now, actor: context.actor, correlationId: 'c-1', causationId: 'c-1', schemaVersion: 3 });
  });

  it('returns the domain error and writes nothing', async () => {
    const result = await run('counter-2', { type: 'Increment', by: 11, limit: 10 });
    expect(result).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(await store.readStream('counter-2')).toEqual([]);
  });

  it('re-decides on fresh state when another writer wins the race', async () => {
    // 30 concurrent increments by 1 with a limit of 20: exactly 20 succeed, none is lost or doubled.
    const results = await Promise.all(Array.from({ length: 30 }, () => run('counter-3', { type: 'Increment', by: 1, limit: 20 }, { maxAttempts: 50 })));
    expect(results.filter((r) => r.ok)).toHaveLength(20);
    expect(results.filter((r) => !r.ok && r.error.kind === 'forbidden')).toHaveLength(10);
    expect(await store.readStream('counter-3')).toHaveLength(20);
  });

  it('reads the stream after all when a stream expected to be new exists', async () => {
    await run('counter-4', { type: 'Increment', by: 9, limit: 10 });
    const result = await run('counter-4', { type: 'Increment', by: 2, limit: 10 }, { expectNewStream: true });
    expect(result).toMatchObject({ ok: false, error: { kind: 'forbidden' }, state: 9 });
  });

  it('gives up with ConcurrencyConflictError after the last attempt', async () => {
    await run('counter-5', { type: 'Increment', by: 1, limit: 100 });
    // A store whose appends always lose the race.
    const losing: EventStore = Object.assign(Object.create(store) as EventStore, {
      appendToStream: () => store.appendToStream('counter-5', [], { expectedRevision: 99 }),
    });
    await expect(executeDeciderCommand({ store: losing, streamId: 'counter-5', decider: counter, command: { type: 'Increment', by: 1, limit: 100 }, context, schemaVersions: {}, maxAttempts: 3 })).rejects.toBeInstanceOf(ConcurrencyConflictError);
  });
});
