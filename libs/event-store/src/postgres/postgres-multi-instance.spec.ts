import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Client } from 'pg';
import { newEvent, newEvents, newStreamId, recordSubscription } from '../contract/test-events';
import { RecordedEvent, WrongExpectedRevisionError } from '../event-store.port';
import { PostgresEventStore } from './postgres-event-store';
import { ThrowawayDatabases } from './test-fixtures/throwaway-database';
import { ThrowawayStores, eventStoreDatabases, throwawayStores } from './test-fixtures/throwaway-store';

const migrated = eventStoreDatabases();
/** Empty databases, for the tests about migrating one. */
const bare = new ThrowawayDatabases();
afterAll(() => Promise.all([migrated.dropAll(), bare.dropAll()]));

/** Each instance has its own pool and LISTEN connection, exactly as in separate processes. */
describe('PostgresEventStore, several instances on one database (as several processes)', () => {
  let stores: ThrowawayStores;
  let a: PostgresEventStore;
  let b: PostgresEventStore;

  beforeEach(async () => {
    stores = await throwawayStores(migrated);
    [a, b] = await Promise.all([stores.open(), stores.open()]);
  });

  afterEach(() => stores.cleanup());

  it('lose no update when both increment one stream with optimistic concurrency', async () => {
    const streamId = newStreamId('counter');
    // Each increment reads the stream's revision and appends expecting it, retrying on conflict.
    const increment = async (instance: PostgresEventStore): Promise<number> => {
      for (let attempt = 1; ; attempt++) {
        const revision = (await instance.readStream(streamId)).length - 1;
        try {
          await instance.appendToStream(streamId, [newEvent()], { expectedRevision: revision < 0 ? 'no_stream' : revision });
          return attempt;
        } catch (error) {
          if (!(error instanceof WrongExpectedRevisionError)) throw error;
        }
      }
    };

    const attempts = await Promise.all(Array.from({ length: 40 }, (_, i) => increment(i % 2 === 0 ? a : b)));

    expect((await b.readStream(streamId)).map((event) => event.revision)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(Math.max(...attempts)).toBeGreaterThan(1);
  });

  it('interleave "any" appends to one stream into gapless revisions', async () => {
    const streamId = newStreamId();
    await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? a : b).appendToStream(streamId, newEvents(2))));

    expect((await a.readStream(streamId)).map((event) => event.revision)).toEqual(Array.from({ length: 120 }, (_, i) => i));
  });

  it('make positions readable only in order: a reader never sees a gap, even momentarily', async () => {
    // With positions from a sequence this fails: a later transaction commits first, the reader sees
    // its position, and the earlier one's events appear behind it.
    const reader = await stores.open();
    let written = 0;
    const writer = async (instance: PostgresEventStore): Promise<void> => {
      for (let round = 0; round < 40; round++) {
        const counts = [1 + (round % 3), 1];
        await Promise.all(counts.map((count) => instance.appendToStream(newStreamId(), newEvents(count))));
        written += counts[0] + counts[1];
      }
    };
    let writing = true;
    const writers = Promise.all([writer(a), writer(b)]).finally(() => (writing = false));

    const seen: number[] = [];
    let reads = 0;
    const readMore = async (): Promise<void> => {
      const batch = await reader.readAll({ after: seen.length });
      // Every read continues exactly where the previous one stopped, without a hole.
      expect(batch.map((event) => event.position)).toEqual(batch.map((_, i) => seen.length + 1 + i));
      seen.push(...batch.map((event) => event.position));
      reads++;
    };
    while (writing) await readMore();
    await writers;
    await readMore();

    expect(seen).toHaveLength(written);
    expect(written).toBe(2 * 119);
    expect(reads).toBeGreaterThan(10);
  });

  it('deliver every event once, in order, to a subscription on one instance while both append', async () => {
    // A's subscription gets A's events pushed and must notice B's between them (notified or polled).
    const recording = recordSubscription(a, { after: 0 });
    for (let round = 0; round < 20; round++) {
      await Promise.all([a.appendToStream(newStreamId(), newEvents(2)), b.appendToStream(newStreamId(), newEvents(1))]);
    }
    await recording.waitForCount(60);

    const all = await a.readAll();
    expect(all.map((event) => event.position)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(recording.received).toEqual(all);
    await recording.subscription.stop();
  });

  it('notify a subscription on another instance at once, without waiting for a poll', async () => {
    const listening = await stores.open({ pollIntervalMs: 60_000 });
    const recording = recordSubscription(listening, { after: 0 });

    await a.appendToStream(newStreamId(), newEvents(3));
    await recording.waitForCount(3);
    await b.appendToStream(newStreamId(), newEvents(2));
    await recording.waitForCount(5);

    expect(recording.received).toEqual(await a.readAll());
    await recording.subscription.stop();
  });

  it('keep working when the database defaults to SERIALIZABLE', async () => {
    await adminQuery(`ALTER DATABASE ${stores.database.name} SET default_transaction_isolation = 'serializable'`);
    const [c, d] = await Promise.all([stores.open(), stores.open()]);
    const streamId = newStreamId();

    await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? c : d).appendToStream(streamId, [newEvent()])));

    expect(await c.readStream(streamId)).toHaveLength(40);
  });

  async function adminQuery(text: string): Promise<void> {
    const client = new Client({ connectionString: stores.database.connectionString });
    await client.connect();
    await client.query(text).finally(() => client.end());
  }
});

describe('PostgresEventStore schema migrations', () => {
  const opened: PostgresEventStore[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  async function migrations(connectionString: string): Promise<unknown[]> {
    const client = new Client({ connectionString });
    await client.connect();
    try {
      const { rows } = await client.query("SELECT version FROM schema_migrations WHERE component = 'event-store' ORDER BY version");
      return rows.map((row: { version: number }) => row.version);
    } finally {
      await client.end();
    }
  }

  it('apply once when several processes open an empty database at the same moment', async () => {
    const database = await bare.create();
    const instances = await Promise.all(Array.from({ length: 5 }, () => PostgresEventStore.open({ connectionString: database.connectionString, poolSize: 2 })));
    opened.push(...instances);

    expect(await migrations(database.connectionString)).toEqual([1, 2, 3]);
    await Promise.all(instances.map((instance) => instance.appendToStream(newStreamId(), [newEvent()])));
    expect(await instances[0].headPosition()).toBe(5);
  });

  it('are harmless to run again on a database in use, and keep its events', async () => {
    const database = await bare.create();
    const first = await PostgresEventStore.open({ connectionString: database.connectionString });
    opened.push(first);
    await first.appendToStream(newStreamId(), newEvents(3));

    const again = await PostgresEventStore.open({ connectionString: database.connectionString });
    opened.push(again);

    expect(await migrations(database.connectionString)).toEqual([1, 2, 3]);
    const events: RecordedEvent[] = await again.readAll();
    expect(events.map((event) => event.position)).toEqual([1, 2, 3]);
    expect((await again.appendToStream(newStreamId(), [newEvent()])).position).toBe(4);
  });
});
