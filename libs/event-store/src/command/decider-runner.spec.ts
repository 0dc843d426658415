import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DomainError, type Decider, type DomainEvent } from '@app/domain';
import type { EventStore } from '../event-store.port';
import { tempSqliteFile, type TempSqliteFile } from '../sqlite/test-fixtures/temp-store';
import { ConcurrencyConflictError } from './decider-command';
import { DeciderRunner } from './decider-runner';
import { counter, testContext as context } from './test-fixtures/counter';

const COUNTER = { decider: counter, schemaVersions: { Incremented: 1 } };

type ValueSet = DomainEvent<'ValueSet', { value: number }>;
type SetValue = { type: 'SetValue'; value: number };
/** Needs only its latest event: the kind of decider a stream truncated to its latest event can have. */
const latest: Decider<SetValue, ValueSet, number | null> = {
  initialState: null,
  evolve: (_state, event) => event.data.value,
  decide: (command, state) => (state === command.value ? [] : [{ type: 'ValueSet', data: { value: command.value } }]),
};
const LATEST = { decider: latest, schemaVersions: { ValueSet: 1 }, maxCount: 1 };

describe('DeciderRunner', () => {
  let temp: TempSqliteFile;
  let store: EventStore;
  let visible: number[];
  let runner: DeciderRunner;

  beforeEach(() => {
    temp = tempSqliteFile();
    store = temp.open();
    visible = [];
    runner = new DeciderRunner(store, async (position) => void visible.push(position));
  });
  afterEach(() => temp.cleanup());

  it('decides, appends, and answers only once the query models can show the events', async () => {
    const result = await runner.run({ ...COUNTER, streamId: 'c-1', command: { type: 'Increment', by: 2, limit: 10 }, context });
    expect(result).toMatchObject({ ok: true, state: 2 });
    expect(visible).toEqual([result.ok ? result.position : -1]);
  });

  it("a binding's maxCount truncates its streams to their latest events, and a cold runner decides on what is kept", async () => {
    for (const value of [1, 2, 3, 4, 5]) await runner.run({ ...LATEST, streamId: 'l-1', command: { type: 'SetValue', value }, context });
    const kept = await store.readStream('l-1');
    expect(kept.map((event) => [event.revision, event.data])).toEqual([[4, { value: 5 }]]);

    const cold = new DeciderRunner(store, async () => undefined, 0);
    expect(await cold.run({ ...LATEST, streamId: 'l-1', command: { type: 'SetValue', value: 5 }, context })).toMatchObject({ ok: true, events: [], state: 5 });
    // The warm runner's cached state (revision 4) is overtaken by the cold one's append: it re-reads.
    await cold.run({ ...LATEST, streamId: 'l-1', command: { type: 'SetValue', value: 6 }, context });
    expect(await runner.run({ ...LATEST, streamId: 'l-1', command: { type: 'SetValue', value: 7 }, context })).toMatchObject({ ok: true, state: 7 });
    expect((await store.readStream('l-1')).map((event) => [event.revision, event.data])).toEqual([[6, { value: 7 }]]);
  });

  it("runs one stream's commands in turn: a burst never loses the race to itself", async () => {
    // maxAttempts is not reachable here: every command sees its predecessor's append.
    const results = await Promise.all(Array.from({ length: 40 }, () => runner.run({ ...COUNTER, streamId: 'c-2', command: { type: 'Increment', by: 1, limit: 25 }, context })));
    expect(results.filter((r) => r.ok)).toHaveLength(25);
    expect(await store.readStream('c-2')).toHaveLength(25);
  });

  it('refuses on a failed precondition without reading or writing the stream', async () => {
    const refusal = new DomainError('conflict', 'taken');
    const result = await runner.run({ ...COUNTER, streamId: 'c-3', command: { type: 'Increment', by: 1, limit: 5 }, context, precondition: () => refusal });
    expect(result).toEqual({ ok: false, error: refusal, state: 0 });
    expect(await store.readStream('c-3')).toEqual([]);
  });

  it("'deferred' visibility leaves the wait to the caller (a batch waits once)", async () => {
    const result = await runner.run({ ...COUNTER, streamId: 'c-4', command: { type: 'Increment', by: 1, limit: 5 }, context, visibility: 'deferred' });
    expect(result.ok).toBe(true);
    expect(visible).toEqual([]);
  });

  it('leaves a lost race (ConcurrencyConflictError) to the edge that knows what it means', async () => {
    await runner.run({ ...COUNTER, streamId: 'c-5', command: { type: 'Increment', by: 1, limit: 100 }, context });
    const losing: EventStore = Object.assign(Object.create(store) as EventStore, {
      appendToStream: () => store.appendToStream('c-5', [], { expectedRevision: 99 }),
    });
    const run = new DeciderRunner(losing, async () => undefined).run({ ...COUNTER, streamId: 'c-5', command: { type: 'Increment', by: 1, limit: 100 }, context });
    await expect(run).rejects.toBeInstanceOf(ConcurrencyConflictError);
  });

  it('tells its observer each command\'s type and outcome: ok, refused, conflict', async () => {
    const seen: string[] = [];
    const observe = (type: string, outcome: string) => void seen.push(`${type} ${outcome}`);
    const observed = new DeciderRunner(store, async () => undefined, 10, observe);
    await observed.run({ ...COUNTER, streamId: 'c-6', command: { type: 'Increment', by: 2, limit: 3 }, context });
    await observed.run({ ...COUNTER, streamId: 'c-6', command: () => ({ type: 'Increment', by: 2, limit: 3 }), context });
    const losing: EventStore = Object.assign(Object.create(store) as EventStore, {
      appendToStream: () => store.appendToStream('c-6', [], { expectedRevision: 99 }),
    });
    const run = new DeciderRunner(losing, async () => undefined, 10, observe).run({ ...COUNTER, streamId: 'c-6', command: { type: 'Increment', by: 1, limit: 100 }, context });
    await expect(run).rejects.toBeInstanceOf(ConcurrencyConflictError);
    expect(seen).toEqual(['Increment ok', 'Increment refused', 'Increment conflict']);
  });
});
