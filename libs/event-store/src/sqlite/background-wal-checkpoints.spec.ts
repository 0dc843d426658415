import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync, statSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { eventStoreContract } from '../contract/event-store.contract';
import { newEvent, newStreamId } from '../contract/test-events';
import type { SqliteEventStore } from './sqlite-event-store';
import { TempSqliteFile, tempSqliteFile } from './test-fixtures/temp-store';

eventStoreContract('SqliteEventStore with background WAL checkpoints', async () => {
  const temp = tempSqliteFile();
  const options = { walCheckpoints: 'background', walCheckpointIntervalMs: 10 } as const;
  return { store: temp.open(options), reopen: async () => temp.open(options), cleanup: () => temp.cleanup() };
});

const walSize = (file: string) => (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);

describe('SqliteEventStore with background WAL checkpoints', () => {
  let temp: TempSqliteFile;
  let store: SqliteEventStore;

  beforeEach(() => {
    temp = tempSqliteFile();
    store = temp.open({ walCheckpoints: 'background', walCheckpointIntervalMs: 10 });
  });

  afterEach(() => temp.cleanup());

  it('copies commits into the database file from its worker, long before the appending connection would', async () => {
    const payload = 'x'.repeat(500);
    for (let round = 0; round < 20; round++) {
      await Promise.all(Array.from({ length: 50 }, () => store.appendToStream(newStreamId(), [newEvent({ payload })])));
    }
    // 500 kB of events, a few MB of WAL: far below the 4,096 pages at which the appending connection
    // checkpoints, so only the worker can have put them in the database file.
    const walBytes = walSize(temp.file);
    expect(walBytes).toBeLessThan(4096 * 4096);
    const deadline = Date.now() + 10_000;
    while (statSync(temp.file).size < 500_000 && Date.now() < deadline) await delay(10);
    expect(statSync(temp.file).size).toBeGreaterThan(500_000);
  });

  it('keeps the WAL bounded while appends go on', async () => {
    const payload = 'x'.repeat(500);
    let written = 0;
    let largest = 0;
    // 24 MB of events, in group commits of 50, flat out: without checkpoints the WAL would hold all
    // of it (480 MB, indexes and whole pages included). With them it restarts at about 16 MB, more
    // when the appending connection finds the worker mid-checkpoint (up to 26 MB on a loaded machine).
    for (let round = 0; round < 960; round++) {
      await Promise.all(Array.from({ length: 50 }, () => store.appendToStream(newStreamId(), [newEvent({ payload })])));
      written += 50 * payload.length;
      largest = Math.max(largest, walSize(temp.file));
      // A turn of the loop between commits, as between a service's request batches.
      await delay(1);
    }
    expect(written).toBeGreaterThan(24_000_000 - 1);
    expect(largest).toBeGreaterThan(0);
    expect(largest).toBeLessThan(48 * 1024 * 1024);
    expect(await store.headPosition()).toBe(960 * 50);
  }, 60_000);

  it('leaves no WAL behind once closed, everything copied into the database file', async () => {
    await Promise.all(Array.from({ length: 200 }, () => store.appendToStream(newStreamId(), [newEvent()])));
    await store.close();
    expect(existsSync(`${temp.file}-wal`)).toBe(false);
    const reopened = temp.open();
    expect(await reopened.readAll()).toHaveLength(200);
  });
});
