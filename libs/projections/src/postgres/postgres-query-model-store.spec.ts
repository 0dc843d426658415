import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { PostgresEventStore, RecordedEvent } from '@app/event-store';
import { newEvents, newStreamId } from '@app/event-store/contract/test-events';
import { ThrowawayDatabase, ThrowawayDatabases } from '@app/event-store/postgres/test-fixtures/throwaway-database';
import { DocumentChange, DocumentCollection } from '../engine/document-collection';
import { Projection } from '../engine/projection';
import { ProjectionEngine } from '../engine/projection-engine';
import { PostgresQueryModelStore } from './postgres-query-model-store';

/** Databases holding both schemas, so the engine test can keep events and query documents together. */
const databases = new ThrowawayDatabases(async (connectionString) => {
  await (await PostgresQueryModelStore.open({ connectionString })).close();
  await (await PostgresEventStore.open({ connectionString })).close();
});
/** Empty databases, for the test about migrating one. */
const bare = new ThrowawayDatabases();
afterAll(() => Promise.all([databases.dropAll(), bare.dropAll()]));

const upsert = (collection: string, id: string, doc: unknown): DocumentChange => ({ kind: 'upsert', collection, id, doc });
const remove = (collection: string, id: string): DocumentChange => ({ kind: 'delete', collection, id });

describe('PostgresQueryModelStore', () => {
  let database: ThrowawayDatabase;
  const opened: Array<{ close(): Promise<void> }> = [];
  let store: PostgresQueryModelStore;

  async function open(): Promise<PostgresQueryModelStore> {
    const instance = await PostgresQueryModelStore.open({ connectionString: database.connectionString });
    opened.push(instance);
    return instance;
  }

  /** Documents sorted, since a load returns them in no particular order. */
  async function documentsOf(projection: string, from = store): Promise<{ checkpoint: number; documents: unknown[] }> {
    const { checkpoint, documents } = await from.load(projection);
    return { checkpoint, documents: [...documents].sort((a, b) => `${a.collection}/${a.id}`.localeCompare(`${b.collection}/${b.id}`)) };
  }

  beforeEach(async () => {
    database = await databases.create();
    store = await open();
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((instance) => instance.close()));
    database.drop();
  });

  it('loads nothing, at checkpoint 0, for a projection never saved', async () => {
    expect(await store.load('runners')).toEqual({ checkpoint: 0, documents: [] });
  });

  it('saves documents with their checkpoint, per projection, and loads them after reopening', async () => {
    await store.save([
      { projection: 'runners', changes: [upsert('runners', '1', { name: 'r1', tags: ['a'] }), upsert('byToken', 't1', 1)], checkpoint: 7 },
      { projection: 'directory', changes: [upsert('groups', 'g', { path: 'g' })], checkpoint: 3 },
    ]);
    await store.close();

    const reopened = await open();
    expect(await documentsOf('runners', reopened)).toEqual({
      checkpoint: 7,
      documents: [
        { collection: 'byToken', id: 't1', doc: 1 },
        { collection: 'runners', id: '1', doc: { name: 'r1', tags: ['a'] } },
      ],
    });
    expect(await documentsOf('directory', reopened)).toEqual({ checkpoint: 3, documents: [{ collection: 'groups', id: 'g', doc: { path: 'g' } }] });
  });

  it('overwrites and deletes documents, the last change to one in a save winning', async () => {
    await store.save([{ projection: 'p', changes: [upsert('c', 'kept', 1), upsert('c', 'deleted', 1), upsert('c', 'readded', 1)], checkpoint: 1 }]);

    await store.save([
      { projection: 'p', changes: [upsert('c', 'kept', 2), remove('c', 'deleted'), remove('c', 'readded'), upsert('c', 'new', 1)], checkpoint: 2 },
      { projection: 'p', changes: [upsert('c', 'kept', 3), upsert('c', 'readded', 3), remove('c', 'new'), remove('c', 'never-existed')], checkpoint: 3 },
    ]);

    expect(await documentsOf('p')).toEqual({
      checkpoint: 3,
      documents: [
        { collection: 'c', id: 'kept', doc: 3 },
        { collection: 'c', id: 'readded', doc: 3 },
      ],
    });
  });

  it('saves all entries or none', async () => {
    await store.save([{ projection: 'p', changes: [upsert('c', 'a', 'before')], checkpoint: 1 }]);

    // The documents' statement succeeds; the checkpoints' statement then fails on a name PostgreSQL
    // text cannot hold, and must take the documents down with it.
    const failing = store.save([
      { projection: 'p', changes: [upsert('c', 'a', 'after'), upsert('c', 'b', 'after')], checkpoint: 2 },
      { projection: 'nul\u0000', changes: [], checkpoint: 2 },
    ]);

    await expect(failing).rejects.toThrow(/invalid byte sequence/);
    expect(await documentsOf('p')).toEqual({ checkpoint: 1, documents: [{ collection: 'c', id: 'a', doc: 'before' }] });
  });

  it('saves thousands of documents in a few statements', async () => {
    const changes = Array.from({ length: 12_000 }, (_, i) => upsert('c', String(i), { i }));
    await store.save([{ projection: 'big', changes, checkpoint: 12_000 }]);

    const { checkpoint, documents } = await store.load('big');
    expect(checkpoint).toBe(12_000);
    expect(documents).toHaveLength(12_000);
    expect(documents.find((document) => document.id === '11999')).toEqual({ collection: 'c', id: '11999', doc: { i: 11999 } });
  });

  it('keeps document JSON exactly as written', async () => {
    const doc = { z: 1, a: 'nul \u0000 and lone surrogate \ud800' };
    await store.save([{ projection: 'p', changes: [upsert('c', 'x', doc)], checkpoint: 1 }]);
    const { documents } = await store.load('p');
    expect(JSON.stringify(documents[0].doc)).toBe(JSON.stringify(doc));
  });

  it('resets one projection only', async () => {
    await store.save([
      { projection: 'p', changes: [upsert('c', 'a', 1)], checkpoint: 5 },
      { projection: 'q', changes: [upsert('c', 'a', 1)], checkpoint: 6 },
    ]);

    await store.reset('p');

    expect(await store.load('p')).toEqual({ checkpoint: 0, documents: [] });
    expect(await documentsOf('q')).toEqual({ checkpoint: 6, documents: [{ collection: 'c', id: 'a', doc: 1 }] });
  });

  it('migrates once when several processes open an empty database at the same time', async () => {
    const { connectionString } = await bare.create();
    const instances = await Promise.all(Array.from({ length: 4 }, () => PostgresQueryModelStore.open({ connectionString })));
    opened.push(...instances);

    await instances[0].save([{ projection: 'p', changes: [upsert('c', 'a', 1)], checkpoint: 1 }]);
    expect((await instances[3].load('p')).checkpoint).toBe(1);
  });

  it('refuses calls after close, and closing twice is harmless', async () => {
    const instances = [store, await open()];
    await instances[0].save([{ projection: 'p', changes: [upsert('c', 'a', 1)], checkpoint: 1 }]);
    expect((await instances[1].load('p')).checkpoint).toBe(1);

    await instances[0].close();
    await expect(instances[0].load('p')).rejects.toThrow('closed');
    await expect(instances[0].reset('p')).rejects.toThrow('closed');
    await expect(instances[0].close()).resolves.toBeUndefined();
  });

  it('lets the projection engine resume from what it persisted', async () => {
    const events = await PostgresEventStore.open({ connectionString: database.connectionString });
    opened.push(events);
    const streams = Array.from({ length: 5 }, () => newStreamId());
    for (const [i, streamId] of streams.entries()) await events.appendToStream(streamId, newEvents(i + 1));

    const first = new ProjectionEngine(events, store, [countingProjection()]);
    await first.start();
    await first.stop();

    const resumed = countingProjection();
    const second = new ProjectionEngine(events, await open(), [resumed]);
    await second.start();
    expect(second.resumedAfter).toBe(15);
    expect(Object.fromEntries(resumed.collections[0].entries())).toEqual(Object.fromEntries(streams.map((streamId, i) => [streamId, i + 1])));
    await second.stop();
  });
});

/** Counts events per stream; enough to see documents and checkpoint travel together. */
function countingProjection(): Projection & { collections: [DocumentCollection<number>] } {
  const counts = new DocumentCollection<number>('counts');
  return {
    name: 'counting',
    collections: [counts],
    apply: (event: RecordedEvent) => counts.set(event.streamId, (counts.get(event.streamId) ?? 0) + 1),
  };
}
