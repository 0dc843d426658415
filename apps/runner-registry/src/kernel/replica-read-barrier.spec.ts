import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { SqliteEventStore } from '@app/event-store';
import { ProjectionEngine, RunnersProjection, SqliteQueryModelStore } from '@app/projections';
import { newEvent, newEvents, newStreamId } from '@app/event-store/contract/test-events';
import { ReplicaReadBarrier } from './replica-read-barrier';

/**
 * Two stores on one SQLite file stand for two replicas of one log: `writer` appends, `reader`
 * learns of it only by polling (every 500 ms here, so a read straight after an append is behind unless it waits).
 */
describe('ReplicaReadBarrier', () => {
  let dir: string;
  let writer: SqliteEventStore;
  let reader: SqliteEventStore;
  let queryModels: SqliteQueryModelStore;
  let engine: ProjectionEngine;
  let headReads: number;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'read-barrier-'));
    const file = join(dir, 'events.sqlite');
    writer = SqliteEventStore.open({ file });
    reader = SqliteEventStore.open({ file, pollIntervalMs: 500 });
    queryModels = SqliteQueryModelStore.open(join(dir, 'query-models.sqlite'));
    engine = new ProjectionEngine(reader, queryModels, [new RunnersProjection()]);
    await engine.start();
    headReads = 0;
  });
  afterEach(async () => {
    await engine.stop();
    await Promise.all([writer.close(), reader.close(), queryModels.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  /** The reader's head, counted, and held until released when `hold` is set. */
  const countingHead = (hold?: Promise<void>) => ({
    headPosition: async () => {
      headReads++;
      const head = await reader.headPosition();
      await hold;
      return head;
    },
  });

  it('lets a request through only once the models hold what was appended before it', async () => {
    const barrier = new ReplicaReadBarrier(countingHead(), engine, 10_000);
    const { position } = await writer.appendToStream(newStreamId(), newEvents(3));
    expect(engine.position).toBeLessThan(position);

    await barrier.pass();

    expect(engine.position).toBeGreaterThanOrEqual(position);
  });

  it('never answers a request with a head read that started before it arrived', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const barrier = new ReplicaReadBarrier(countingHead(held), engine, 10_000);
    const early = barrier.pass(); // its head read starts now and sees the log without the append below
    await new Promise((resolve) => setTimeout(resolve, 20));
    const { position } = await writer.appendToStream(newStreamId(), [newEvent()]);
    const late = barrier.pass();
    release();

    await Promise.all([early, late]);

    expect(engine.position).toBeGreaterThanOrEqual(position);
    expect(headReads).toBe(2);
  });

  it('shares one head read among every request that arrived while another was in flight', async () => {
    await writer.appendToStream(newStreamId(), newEvents(2));
    const barrier = new ReplicaReadBarrier(countingHead(), engine, 10_000);

    await Promise.all(Array.from({ length: 200 }, () => barrier.pass()));

    expect(headReads).toBe(2);
  });

  it('gives up with ReadBarrierTimeout when the models cannot catch up in time', async () => {
    const stalled = { waitFor: () => new Promise<void>(() => undefined) };
    const barrier = new ReplicaReadBarrier(reader, stalled, 50);

    await expect(barrier.pass()).rejects.toThrow('did not catch up with the log within 50 ms');
  });
});
