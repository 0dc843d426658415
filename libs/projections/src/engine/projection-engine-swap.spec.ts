import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { SqliteEventStore, type RecordedEvent } from '@app/event-store';
import { newEvent } from '@app/event-store/contract/test-events';
import { SqliteQueryModelGenerations } from '../sqlite/sqlite-query-model-generations';
import { projectionChecksum } from './checksum';
import { DocumentCollection } from './document-collection';
import { foldLog } from './fold-log';
import type { Projection } from './projection';
import { ProjectionEngine } from './projection-engine';

/** Events per stream, plus an index of the streams seen, which replaceWith must carry over too. */
class CountingProjection implements Projection {
  readonly name = 'counts';
  private counts = new DocumentCollection<{ events: number; last: number }>('counts');
  readonly collections = [this.counts] as DocumentCollection<unknown>[];
  private streams = new Set<string>();

  apply(event: RecordedEvent): void {
    this.counts.set(event.streamId, { events: (this.counts.get(event.streamId)?.events ?? 0) + 1, last: event.position });
    this.streams.add(event.streamId);
  }

  afterHydrate(): void {
    this.streams = new Set([...this.counts.entries()].map(([id]) => id));
  }

  replaceWith(other: Projection): void {
    const fresh = other as CountingProjection;
    this.counts.replaceWith(fresh.counts);
    this.streams = fresh.streams;
  }

  count(streamId: string): number | undefined {
    return this.counts.get(streamId)?.events;
  }

  get streamCount(): number {
    return this.streams.size;
  }
}

describe('ProjectionEngine.replaceProjection', () => {
  let dir: string;
  let store: SqliteEventStore;
  let generations: SqliteQueryModelGenerations;
  let live: CountingProjection;
  let engine: ProjectionEngine;
  /** Generation stores the tests open: closed after the engine's last flush. */
  const opened: { close(): Promise<void> }[] = [];

  const append = async (streams: number, perStream: number) => {
    for (let i = 0; i < perStream; i++) for (let s = 0; s < streams; s++) await store.appendToStream(`s-${s}`, [newEvent()]);
  };
  const foldedFromZero = async () => {
    const fresh = new CountingProjection();
    await foldLog(store, [{ projection: fresh, after: 0 }]);
    return projectionChecksum(fresh).checksum;
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'engine-swap-'));
    store = SqliteEventStore.open({ file: join(dir, 'events.sqlite') });
    generations = SqliteQueryModelGenerations.open(join(dir, 'query-models.sqlite'));
    live = new CountingProjection();
    engine = new ProjectionEngine(store, await generations.open(0), [live], { flushIntervalMs: 10 });
    await append(5, 20);
    await engine.start();
  });
  afterEach(async () => {
    await engine.stop();
    for (const target of opened.splice(0)) await target.close();
    await Promise.all([store.close(), generations.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('swaps a generation built from a mid-log checkpoint in while appends continue; the result equals a fold from zero and persists to the new generation only', async () => {
    // A rebuild that stopped halfway, with one document corrupted: the swap must take its state, not keep the live one.
    const rebuilt = new CountingProjection();
    const checkpoint = await foldLog(store, [{ projection: rebuilt, after: 0 }], { to: 50 });
    const generation = await generations.create();
    const target = await generations.open(generation);
    opened.push(target);
    const changes = rebuilt.collections.flatMap((c) => c.takeChanges());
    await target.save([{ projection: 'counts', changes, checkpoint }]);
    await target.save([{ projection: 'counts', changes: [{ kind: 'upsert', collection: 'counts', id: 'corrupted', doc: { events: 999, last: 0 } }], checkpoint }]);

    const appending = append(5, 20);
    await engine.replaceProjection(new CountingProjection(), target);
    await appending;
    await engine.waitFor(await store.headPosition());

    expect(live.count('corrupted')).toBe(999);
    expect(live.count('s-0')).toBe(40);
    expect(live.streamCount).toBe(6);
    // Every event applied exactly once: equal to a fold from zero, plus the planted document.
    const expected = new CountingProjection();
    await foldLog(store, [{ projection: expected, after: 0 }]);
    expected.collections[0].set('corrupted', { events: 999, last: 0 });
    expect(projectionChecksum(live)).toEqual(projectionChecksum(expected));

    await engine.flush();
    const persisted = await target.load('counts');
    expect(persisted.checkpoint).toBe(await store.headPosition());
    expect(persisted.documents.find((d) => d.id === 's-0')?.doc).toMatchObject({ events: 40 });
    // The old generation stopped at or before the swap: nothing after it was written there.
    const old = await generations.root.load('counts');
    expect(old.checkpoint).toBeLessThan(await store.headPosition());
  });

  it('a source at (or ahead of) the engine position is swapped in as it is; models equal a fold from zero', async () => {
    await append(2, 10);
    const rebuilt = new CountingProjection();
    const checkpoint = await foldLog(store, [{ projection: rebuilt, after: 0 }]);
    const generation = await generations.create();
    const target = await generations.open(generation);
    opened.push(target);
    await target.save([{ projection: 'counts', changes: rebuilt.collections.flatMap((c) => c.takeChanges()), checkpoint }]);
    await engine.replaceProjection(new CountingProjection(), target);
    expect(engine.position).toBeGreaterThanOrEqual(checkpoint);
    expect(projectionChecksum(live).checksum).toBe(await foldedFromZero());
  });
});
