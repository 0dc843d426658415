import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Client } from 'pg';
import { idsOf, newEvent, newEvents, newStreamId, rejectionOf } from '../contract/test-events';
import { DuplicateEventIdError } from '../duplicate-event-id.error';
import { WrongExpectedRevisionError } from '../event-store.port';
import { PostgresEventStore } from './postgres-event-store';
import { ThrowawayStores, eventStoreDatabases, throwawayStores } from './test-fixtures/throwaway-store';

/**
 * One instance's appends: group commit, idempotency details, payloads. A file of its own because
 * every test gets a fresh database, and creating one costs a few hundred milliseconds.
 */
const databases = eventStoreDatabases();
afterAll(() => databases.dropAll());

describe('PostgresEventStore', () => {
  let stores: ThrowawayStores;
  let store: PostgresEventStore;

  beforeEach(async () => {
    stores = await throwawayStores(databases);
    store = await stores.open();
  });

  afterEach(() => stores.cleanup());

  /** Runs SQL on the test database behind the store's back, as an operator would. */
  async function sql(text: string): Promise<unknown[]> {
    const client = new Client({ connectionString: stores.database.connectionString });
    await client.connect();
    try {
      return (await client.query(text)).rows;
    } finally {
      await client.end();
    }
  }

  describe('group commit', () => {
    it('writes appends issued together in one transaction', async () => {
      const before = store.writeStats;

      await Promise.all(Array.from({ length: 100 }, () => store.appendToStream(newStreamId(), newEvents(2))));

      expect(store.writeStats.appends - before.appends).toBe(100);
      expect(store.writeStats.transactions - before.transactions).toBe(1);
      expect((await store.readAll()).map((event) => event.position)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    });

    it('gathers appends issued while a batch is being written into the next one', async () => {
      const before = store.writeStats.transactions;
      const first = store.appendToStream(newStreamId(), [newEvent()]);
      // The first batch goes out on this same check phase; everything after it has to wait for it.
      await new Promise((resolve) => setImmediate(resolve));
      const rest = Array.from({ length: 50 }, () => store.appendToStream(newStreamId(), [newEvent()]));

      await Promise.all([first, ...rest]);
      expect(store.writeStats.transactions - before).toBe(2);
    });

    it('fails a conflicting append alone while the rest of its batch commits', async () => {
      const [ok1, conflicting, ok2] = [newStreamId('ok1'), newStreamId('conflicting'), newStreamId('ok2')];
      await store.appendToStream(conflicting, [newEvent()]);
      const transactionsBefore = store.writeStats.transactions;

      const outcomes = await Promise.allSettled([
        store.appendToStream(ok1, newEvents(2), { expectedRevision: 'no_stream' }),
        store.appendToStream(conflicting, newEvents(2), { expectedRevision: 'no_stream' }),
        store.appendToStream(ok2, newEvents(2), { expectedRevision: 'no_stream' }),
      ]);

      expect(store.writeStats.transactions - transactionsBefore).toBe(1);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect((await store.readAll()).map((event) => event.position)).toEqual([1, 2, 3, 4, 5]);
    });

    it('sees, within one batch, what earlier appends of the batch wrote', async () => {
      const streamId = newStreamId();
      const [first, second, third] = await Promise.allSettled([
        store.appendToStream(streamId, [newEvent()], { expectedRevision: 'no_stream' }),
        store.appendToStream(streamId, [newEvent()], { expectedRevision: 0 }),
        store.appendToStream(streamId, [newEvent()], { expectedRevision: 0 }),
      ]);
      expect([first.status, second.status, third.status]).toEqual(['fulfilled', 'fulfilled', 'rejected']);
      expect((third as PromiseRejectedResult).reason).toMatchObject({ actual: 1 });
    });

    it('retries the appends of a batch that failed as a whole one by one, so only the culprit fails', async () => {
      // A failure no check foresees, as a constraint added by an operator would be.
      await sql(`
        CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN RAISE EXCEPTION 'poison refused'; END $$;
        CREATE TRIGGER refuse_poison BEFORE INSERT ON events FOR EACH ROW WHEN (NEW.type = 'Poison') EXECUTE FUNCTION refuse_poison();
      `);
      const before = store.writeStats.transactions;

      const outcomes = await Promise.allSettled([
        store.appendToStream(newStreamId(), [newEvent()]),
        store.appendToStream(newStreamId(), [{ ...newEvent(), type: 'Poison' }]),
        store.appendToStream(newStreamId(), [newEvent()]),
      ]);

      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(String((outcomes[1] as PromiseRejectedResult).reason)).toContain('poison refused');
      expect(store.writeStats.transactions - before).toBe(1 + 3);
      expect((await store.readAll()).map((event) => event.position)).toEqual([1, 2]);
    });

    it('writes appends still queued when the store is closed', async () => {
      const streamId = newStreamId();
      const pending = store.appendToStream(streamId, newEvents(2));
      await store.close();

      await expect(pending).resolves.toMatchObject({ nextExpectedRevision: 1 });
      expect(await (await stores.open()).readStream(streamId)).toHaveLength(2);
    });
  });

  describe('event ids', () => {
    it('names the other stream when an event id is reused there', async () => {
      const event = newEvent();
      const [first, second] = [newStreamId('first'), newStreamId('second')];
      await store.appendToStream(first, newEvents(1));
      await store.appendToStream(first, [event]);

      const error = await rejectionOf(store.appendToStream(second, [newEvent(), event]));

      expect(error).toBeInstanceOf(DuplicateEventIdError);
      expect(error).toMatchObject({ eventId: event.id, streamId: second, existingStreamId: first, existingRevision: 1 });
    });

    it('rejects an append that repeats an id only partly, naming the first id that breaks the retry', async () => {
      const streamId = newStreamId();
      const earlier = newEvents(2);
      await store.appendToStream(streamId, earlier);
      const elsewhere = newEvent();
      await store.appendToStream(newStreamId('elsewhere'), [elsewhere]);

      const extended = await rejectionOf(store.appendToStream(streamId, [earlier[0], newEvent()]));
      const spliced = await rejectionOf(store.appendToStream(streamId, [earlier[0], elsewhere]));

      expect(extended).toMatchObject({ name: 'DuplicateEventIdError', eventId: earlier[0].id, existingRevision: 0 });
      expect(spliced).toMatchObject({ name: 'DuplicateEventIdError', eventId: elsewhere.id, existingStreamId: expect.stringMatching(/^elsewhere-/) });
      expect(idsOf(await store.readStream(streamId))).toEqual(idsOf(earlier));
    });

    it('answers a retry with the original result even after later appends to the stream', async () => {
      const streamId = newStreamId();
      const retried = newEvents(2);
      const original = await store.appendToStream(streamId, retried, { expectedRevision: 'no_stream' });
      await store.appendToStream(streamId, newEvents(3));

      expect(await store.appendToStream(streamId, retried, { expectedRevision: 'no_stream' })).toEqual(original);
      expect(await store.readStream(streamId)).toHaveLength(5);
    });

    it('applies the same rules to two appends of one batch that share an id', async () => {
      const [streamId, otherStream] = [newStreamId(), newStreamId('other')];
      const shared = newEvents(2);
      const before = store.writeStats.transactions;

      const [original, retry, elsewhere] = await Promise.allSettled([
        store.appendToStream(streamId, shared, { expectedRevision: 'no_stream' }),
        store.appendToStream(streamId, shared, { expectedRevision: 'no_stream' }),
        store.appendToStream(otherStream, [newEvent(), shared[1]]),
      ]);

      expect(store.writeStats.transactions - before).toBe(1);
      expect(retry).toEqual(original);
      expect((elsewhere as PromiseRejectedResult).reason).toMatchObject({ name: 'DuplicateEventIdError', eventId: shared[1].id, existingStreamId: streamId });
      expect(await store.headPosition()).toBe(2);
    });

    it('rejects an append carrying the same id twice, before queueing it', async () => {
      const event = newEvent();
      await expect(store.appendToStream(newStreamId(), [event, event])).rejects.toThrow(TypeError);
      expect(await store.headPosition()).toBe(0);
    });
  });

  describe('payloads', () => {
    it('round-trips JSON text exactly, including what jsonb would refuse or reorder', async () => {
      const streamId = newStreamId();
      const data = { zeta: 1, alpha: 'nul \u0000 and lone surrogate \ud800', nested: { b: [1, { y: null, x: 2.5 }], a: true } };

      await store.appendToStream(streamId, [{ ...newEvent(), data, metadata: { z: 1, a: 2 } }]);
      const [event] = await store.readStream(streamId);

      expect(JSON.stringify(event.data)).toBe(JSON.stringify(data));
      expect(JSON.stringify(event.metadata)).toBe('{"z":1,"a":2}');
    });

    it('rejects data that would not survive JSON without failing other appends', async () => {
      const [bad, good] = await Promise.allSettled([
        store.appendToStream(newStreamId(), [{ ...newEvent(), data: undefined }]),
        store.appendToStream(newStreamId(), [newEvent()]),
      ]);
      expect(bad.status).toBe('rejected');
      expect(good.status).toBe('fulfilled');
    });

    it('rejects ids, types and stream ids PostgreSQL text cannot hold, before queueing them', async () => {
      await expect(store.appendToStream('nul\u0000stream', [newEvent()])).rejects.toThrow(TypeError);
      await expect(store.appendToStream(newStreamId(), [{ ...newEvent(), type: 'Nul\u0000' }])).rejects.toThrow(TypeError);
      expect(store.writeStats.appends).toBe(0);
    });

    it('rejects an invalid expected revision', async () => {
      await expect(store.appendToStream(newStreamId(), [newEvent()], { expectedRevision: -2 })).rejects.toThrow(TypeError);
    });

    it('compares an expected revision beyond 32 bits instead of failing the batch', async () => {
      const streamId = newStreamId();
      await store.appendToStream(streamId, [newEvent()]);
      await expect(store.appendToStream(streamId, [newEvent()], { expectedRevision: 2 ** 40 })).rejects.toMatchObject({ actual: 0 });
    });
  });

  describe('lifecycle', () => {
    it('refuses calls after close, and closing twice is harmless', async () => {
      await store.close();
      await expect(store.appendToStream(newStreamId(), [newEvent()])).rejects.toThrow('closed');
      await expect(store.readAll()).rejects.toThrow('closed');
      expect(() => store.subscribeToAll({}, () => undefined)).toThrow('closed');
      await expect(store.close()).resolves.toBeUndefined();
    });

    it('keeps positions and the counter in one transaction with the events', async () => {
      await store.appendToStream(newStreamId(), newEvents(3));
      expect(await sql('SELECT last_position FROM event_store_head')).toEqual([{ last_position: '3' }]);
    });
  });
});
