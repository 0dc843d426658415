import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { eventStoreContract } from '../contract/event-store.contract';
import { newStreamId, recordSubscription } from '../contract/test-events';
import type { EventData, RecordedEvent } from '../event-store.port';
import { sqliteContractFixture, tempSqliteFile, type TempSqliteFile } from '../sqlite/test-fixtures/temp-store';
import { dataUpcaster } from './upcaster';
import { UpcasterChain } from './upcaster-chain';
import { UpcastingEventStore } from './upcasting-event-store';
import { UnknownSchemaVersionError } from './upcasting.errors';

/** ThingRenamed v1 {name} became v2 {title}. */
const chain = new UpcasterChain({
  currentVersions: { ThingRenamed: 2 },
  upcasters: [dataUpcaster<{ name: string }, { title: string }>('ThingRenamed', 1, ({ name }) => ({ title: name }))],
});

// Wrapped around a real adapter, the decorator must still be an EventStore in every respect.
eventStoreContract('UpcastingEventStore over SqliteEventStore', async () => {
  const fixture = await sqliteContractFixture();
  const wrap = (store: typeof fixture.store) => new UpcastingEventStore(store, chain);
  return { ...fixture, store: wrap(fixture.store), reopen: async () => wrap(await fixture.reopen!()) };
});

const renamed = (version: number, data: unknown, id: string): EventData => ({ id, type: 'ThingRenamed', data, metadata: { schemaVersion: version } });
const shapes = (events: readonly RecordedEvent[]) => events.map((e) => [e.data, e.metadata.schemaVersion]);

describe('UpcastingEventStore', () => {
  let temp: TempSqliteFile;
  let store: UpcastingEventStore;
  const streamId = newStreamId('thing');

  beforeEach(async () => {
    temp = tempSqliteFile();
    store = new UpcastingEventStore(temp.open(), chain);
    await store.appendToStream(streamId, [
      renamed(1, { name: 'old' }, '00000000-0000-4000-8000-000000000001'),
      renamed(2, { title: 'new' }, '00000000-0000-4000-8000-000000000002'),
    ]);
  });
  afterEach(() => temp.cleanup());

  const current = [[{ title: 'old' }, 2], [{ title: 'new' }, 2]];

  it('upcasts what readStream, readAll and subscriptions deliver', async () => {
    expect(shapes(await store.readStream(streamId))).toEqual(current);
    expect(shapes(await store.readAll())).toEqual(current);
    const recording = recordSubscription(store, {});
    await recording.waitForCount(2);
    await recording.subscription.stop();
    expect(shapes(recording.received)).toEqual(current);
  });

  it('upcasts a tail read from a revision, keeping the backing store\'s revisions', async () => {
    await store.appendToStream(streamId, [renamed(1, { name: 'later' }, '00000000-0000-4000-8000-000000000004')], { expectedRevision: 1 });
    const tail = await store.readStream(streamId, { fromRevision: 1 });
    expect(shapes(tail)).toEqual([[{ title: 'new' }, 2], [{ title: 'later' }, 2]]);
    expect(tail.map((e) => e.revision)).toEqual([1, 2]);
    expect(await store.readStream(streamId, { fromRevision: 3 })).toEqual([]);
  });

  it('appends pass through: the backing store keeps what was written, at its version', async () => {
    const backing = temp.open();
    expect(shapes(await backing.readStream(streamId))).toEqual([[{ name: 'old' }, 1], [{ title: 'new' }, 2]]);
    // Positions and revisions are the backing store's: upcasting never renumbers.
    const [a, b] = [await backing.readAll(), await store.readAll()];
    expect(b.map((e) => [e.id, e.position, e.revision, e.recordedAt])).toEqual(a.map((e) => [e.id, e.position, e.revision, e.recordedAt]));
  });

  describe('an event newer than the code knows', () => {
    beforeEach(() => store.appendToStream(streamId, [renamed(3, { title: 'future', locale: 'fr' }, '00000000-0000-4000-8000-000000000003')]));

    it('fails readStream and readAll instead of passing it on', async () => {
      await expect(store.readStream(streamId)).rejects.toBeInstanceOf(UnknownSchemaVersionError);
      await expect(store.readAll({ after: 2 })).rejects.toThrow('ThingRenamed at position 3');
      // Reads that stop before it are fine.
      expect(shapes(await store.readAll({ maxCount: 2 }))).toEqual(current);
    });

    it('stops a subscription: the handler never sees it and done rejects', async () => {
      const seen: RecordedEvent[] = [];
      const subscription = store.subscribeToAll({ after: 2 }, (batch) => void seen.push(...batch));
      await expect(subscription.done).rejects.toBeInstanceOf(UnknownSchemaVersionError);
      expect(seen).toEqual([]);
    });
  });
});
