import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { eventStoreContract } from '../contract/event-store.contract';
import { idsOf, newEvent, newEvents, newStreamId, recordSubscription, rejectionOf } from '../contract/test-events';
import { DuplicateEventIdError } from '../duplicate-event-id.error';
import { WrongExpectedRevisionError } from '../event-store.port';
import { SqliteEventStore } from './sqlite-event-store';
import { TempSqliteFile, sqliteContractFixture, tempSqliteFile } from './test-fixtures/temp-store';

eventStoreContract('SqliteEventStore', sqliteContractFixture);

describe('SqliteEventStore', () => {
  let temp: TempSqliteFile;
  let store: SqliteEventStore;

  beforeEach(() => {
    temp = tempSqliteFile();
    store = temp.open();
  });

  afterEach(() => temp.cleanup());

  describe('group commit', () => {
    it('writes appends issued together in one transaction', async () => {
      const before = store.writeStats;

      await Promise.all(Array.from({ length: 100 }, () => store.appendToStream(newStreamId(), newEvents(2))));

      expect(store.writeStats.appends - before.appends).toBe(100);
      expect(store.writeStats.transactions - before.transactions).toBe(1);
      expect(await store.readAll()).toHaveLength(200);
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
      expect(await store.readStream(ok1)).toHaveLength(2);
      expect(await store.readStream(conflicting)).toHaveLength(1);
      expect(await store.readStream(ok2)).toHaveLength(2);
      const positions = (await store.readAll()).map((event) => event.position);
      expect(positions).toEqual([1, 2, 3, 4, 5]);
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

    it('writes appends still queued when the store is closed', async () => {
      const streamId = newStreamId();
      const pending = store.appendToStream(streamId, newEvents(2));
      await store.close();

      await expect(pending).resolves.toMatchObject({ nextExpectedRevision: 1 });
      expect(await temp.open().readStream(streamId)).toHaveLength(2);
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

    it('rejects an append that repeats an id only partly', async () => {
      const streamId = newStreamId();
      const earlier = newEvents(2);
      await store.appendToStream(streamId, earlier);

      const error = await rejectionOf(store.appendToStream(streamId, [earlier[0], newEvent()]));

      expect(error).toBeInstanceOf(DuplicateEventIdError);
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

    it('rejects an append carrying the same id twice, before queueing it', async () => {
      const event = newEvent();
      await expect(store.appendToStream(newStreamId(), [event, event])).rejects.toThrow(TypeError);
      expect(await store.headPosition()).toBe(0);
    });
  });

  describe('input', () => {
    it('rejects data that would not survive JSON without failing other appends', async () => {
      const [bad, good] = await Promise.allSettled([
        store.appendToStream(newStreamId(), [{ ...newEvent(), data: undefined }]),
        store.appendToStream(newStreamId(), [newEvent()]),
      ]);
      expect(bad.status).toBe('rejected');
      expect(good.status).toBe('fulfilled');
    });

    it('rejects an invalid expected revision', async () => {
      await expect(store.appendToStream(newStreamId(), [newEvent()], { expectedRevision: -2 })).rejects.toThrow(TypeError);
    });
  });

  describe('the database file', () => {
    it('is in WAL mode with the events schema, and opening it again is harmless', async () => {
      await store.appendToStream(newStreamId(), [newEvent()]);
      const again = temp.open();
      expect(await again.headPosition()).toBe(1);

      const raw = new Database(temp.file, { readonly: true });
      try {
        expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
        expect(raw.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(1);
      } finally {
        raw.close();
      }
    });

    it('refuses calls after close', async () => {
      await store.close();
      await expect(store.appendToStream(newStreamId(), [newEvent()])).rejects.toThrow('closed');
      await expect(store.readAll()).rejects.toThrow('closed');
      await expect(store.close()).resolves.toBeUndefined();
    });
  });

  describe('two instances on one file (as two processes would)', () => {
    it('lose no update when both append to the same stream with optimistic concurrency', async () => {
      const other = temp.open();
      const streamId = newStreamId('counter');
      // Each "increment" reads the stream's revision and appends expecting it, retrying on conflict.
      const increment = async (instance: SqliteEventStore): Promise<number> => {
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

      const attempts = await Promise.all(
        Array.from({ length: 40 }, (_, i) => increment(i % 2 === 0 ? store : other)),
      );

      expect(await store.readStream(streamId)).toHaveLength(40);
      expect((await other.readStream(streamId)).map((event) => event.revision)).toEqual(
        Array.from({ length: 40 }, (_, i) => i),
      );
      expect(Math.max(...attempts)).toBeGreaterThan(1);
    });

    it('interleave "any" appends into one gapless stream and one global order', async () => {
      const other = temp.open();
      const streamId = newStreamId();
      await Promise.all(
        Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? store : other).appendToStream(streamId, newEvents(2))),
      );

      const stream = await other.readStream(streamId);
      expect(stream.map((event) => event.revision)).toEqual(Array.from({ length: 120 }, (_, i) => i));
      expect(await store.readAll()).toEqual(await other.readAll());
    });

    it('deliver every event exactly once, in order, to a live subscription while both instances append', async () => {
      // The subscription's own instance hands it its committed events directly; the other
      // instance's events fall between them, so the subscription must notice the gaps and read.
      const other = temp.open({ pollIntervalMs: 10 });
      const recording = recordSubscription(store, { after: 0 });
      for (let round = 0; round < 20; round++) {
        await Promise.all([store.appendToStream(newStreamId(), newEvents(2)), other.appendToStream(newStreamId(), newEvents(1))]);
      }
      await recording.waitForCount(60);

      const all = await store.readAll();
      expect(recording.received.map((e) => e.position)).toEqual(all.map((e) => e.position));
      expect(recording.received).toEqual(all);
      await recording.subscription.stop();
    });

    it('deliver appends made through one instance to a subscription on the other by polling', async () => {
      const other = temp.open({ pollIntervalMs: 10 });
      const recording = recordSubscription(other, { after: 0 });

      await store.appendToStream(newStreamId(), newEvents(3));
      await recording.waitForCount(3);
      await store.appendToStream(newStreamId(), newEvents(2));
      await recording.waitForCount(5);

      expect(recording.received).toEqual(await store.readAll());
      await recording.subscription.stop();
    });
  });
});
