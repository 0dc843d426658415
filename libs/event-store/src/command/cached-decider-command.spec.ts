import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { EventStore } from '../event-store.port';
import { tempSqliteFile, type TempSqliteFile } from '../sqlite/test-fixtures/temp-store';
import { DecidedStateCache } from './decided-state-cache';
import { executeDeciderCommand, type DeciderCommandOptions } from './decider-command';
import { counter, countingReads, increment, testContext, type Increment, type Incremented } from './test-fixtures/counter';

type CounterOptions = DeciderCommandOptions<Increment, Incremented, number>;

describe('executeDeciderCommand with a DecidedStateCache', () => {
  let temp: TempSqliteFile;
  let store: EventStore;
  let cache: DecidedStateCache<number>;
  const run = (streamId: string, command: Increment, extra: Partial<CounterOptions> = {}) =>
    executeDeciderCommand({ store, streamId, decider: counter, command, context: testContext, schemaVersions: {}, cache, ...extra });

  beforeEach(() => {
    temp = tempSqliteFile();
    store = temp.open();
    cache = new DecidedStateCache({ maxEntries: 10 });
  });
  afterEach(() => temp.cleanup());

  it('reads only the events after the cached revision', async () => {
    for (let i = 0; i < 20; i++) await run('s-1', increment(1), { cache: undefined });
    const counting = countingReads(store);

    expect(await run('s-1', increment(1), { store: counting.store })).toMatchObject({ ok: true, state: 21 });
    expect(counting.reads).toEqual([{ streamId: 's-1', fromRevision: 0, eventsRead: 20 }]);
    expect(cache.get('s-1')).toEqual({ revision: 20, state: 21 });

    // Its own append moved the entry on: the next command reads nothing but the (empty) tail.
    await run('s-1', increment(1), { store: counting.store });
    // Another writer, without the cache, appends two events: the next cached command reads just those.
    await run('s-1', increment(5), { cache: undefined });
    await run('s-1', increment(5), { cache: undefined });
    expect(await run('s-1', increment(1), { store: counting.store })).toMatchObject({ ok: true, state: 33 });

    expect(counting.reads.slice(1)).toEqual([
      { streamId: 's-1', fromRevision: 21, eventsRead: 0 },
      { streamId: 's-1', fromRevision: 22, eventsRead: 2 },
    ]);
    expect(cache.get('s-1')).toEqual({ revision: 24, state: 33 });
  });

  it('caches what it read even when the command decides nothing or is refused', async () => {
    await run('s-2', increment(3), { cache: undefined });
    const refused = await run('s-2', increment(8, 10));
    expect(refused).toMatchObject({ ok: false, state: 3 });
    expect(cache.get('s-2')).toEqual({ revision: 0, state: 3 });
  });

  it('keeps expectNewStream: no read on the first attempt, and a cached read after the conflict', async () => {
    await run('s-3', increment(9, 10));
    const counting = countingReads(store);
    const result = await run('s-3', increment(2, 10), { store: counting.store, expectNewStream: true });

    expect(result).toMatchObject({ ok: false, error: { kind: 'forbidden' }, state: 9 });
    expect(counting.reads).toEqual([{ streamId: 's-3', fromRevision: 1, eventsRead: 0 }]);
  });

  it('reads the whole stream again when a cached entry is ahead of the stream (not this store\'s)', async () => {
    await run('s-4', increment(1), { cache: undefined });
    cache.set('s-4', { revision: 7, state: 100 });

    expect(await run('s-4', increment(1))).toMatchObject({ ok: true, state: 2 });
    expect(cache.get('s-4')).toEqual({ revision: 1, state: 2 });
  });

  it('shared by concurrent commands on one stream: none is lost or doubled, and the limit holds', async () => {
    await run('s-5', increment(1, 1));
    // 40 concurrent increments by 1 with a limit of 25 (one already there): exactly 24 more succeed.
    const results = await Promise.all(Array.from({ length: 40 }, () => run('s-5', increment(1, 25), { maxAttempts: 80 })));

    expect(results.filter((r) => r.ok)).toHaveLength(24);
    expect(results.filter((r) => !r.ok && r.error.kind === 'forbidden')).toHaveLength(16);
    // Every success decided on every earlier write: its state is its own count, each one once.
    expect(results.flatMap((r) => (r.ok ? [r.state] : [])).sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, i) => i + 2));
    expect(await store.readStream('s-5')).toHaveLength(25);
    expect(cache.get('s-5')).toEqual({ revision: 24, state: 25 });
  });

  it('stays within maxEntries over many streams', async () => {
    const small = new DecidedStateCache<number>({ maxEntries: 3 });
    for (let i = 0; i < 10; i++) await run(`many-${i}`, increment(1), { cache: small });
    expect(small.size).toBe(3);
    expect(await run('many-0', increment(1), { cache: small })).toMatchObject({ ok: true, state: 2 });
  });
});
