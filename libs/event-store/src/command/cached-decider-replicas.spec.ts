import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { EventStore } from '../event-store.port';
import { eventStoreDatabases, throwawayStores, type ThrowawayStores } from '../postgres/test-fixtures/throwaway-store';
import { tempSqliteFile, type TempSqliteFile } from '../sqlite/test-fixtures/temp-store';
import { DecidedStateCache } from './decided-state-cache';
import { executeDeciderCommand } from './decider-command';
import { counter, increment, testContext, type Increment } from './test-fixtures/counter';

/** One process of the service: its own connection to the shared store, and its own cache. */
interface Replica {
  readonly store: EventStore;
  readonly cache: DecidedStateCache<number>;
}

const replica = (store: EventStore): Replica => ({ store, cache: new DecidedStateCache({ maxEntries: 16 }) });
const run = ({ store, cache }: Replica, streamId: string, command: Increment) =>
  executeDeciderCommand({ store, streamId, decider: counter, command, context: testContext, schemaVersions: {}, cache, maxAttempts: 100 });

/**
 * Each replica's cache falls behind whenever the other one writes. Neither may decide on it: every
 * success must count every earlier write, whichever replica made it, and the limit must hold.
 */
function twoReplicas(name: string, open: () => Promise<[EventStore, EventStore]>): void {
  describe(`two replicas over one ${name} store, each with its own cache`, () => {
    let a: Replica;
    let b: Replica;

    beforeEach(async () => {
      const [storeA, storeB] = await open();
      [a, b] = [replica(storeA), replica(storeB)];
    });

    it('writing in turn: every write decides on the other replica\'s writes', async () => {
      const states: number[] = [];
      for (let i = 0; i < 20; i++) {
        const result = await run(i % 2 === 0 ? a : b, 'turns', increment(1));
        states.push(result.ok ? result.state : -1);
      }
      expect(states).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(a.cache.get('turns')).toEqual({ revision: 18, state: 19 });
      expect(b.cache.get('turns')).toEqual({ revision: 19, state: 20 });
    });

    it('writing concurrently: the limit holds, and no write is lost or doubled', async () => {
      await Promise.all([run(a, 'race', increment(1)), run(b, 'race', increment(1))]);
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => run(i % 2 === 0 ? a : b, 'race', increment(1, 30))));

      expect(results.filter((r) => !r.ok && r.error.kind === 'forbidden')).toHaveLength(12);
      expect(results.flatMap((r) => (r.ok ? [r.state] : [])).sort((x, y) => x - y)).toEqual(Array.from({ length: 28 }, (_, i) => i + 3));
      expect(await a.store.readStream('race')).toHaveLength(30);

      // Both caches are now behind or at the head; the next write of each still counts everything.
      expect(await run(a, 'race', increment(1, 32))).toMatchObject({ ok: true, state: 31 });
      expect(await run(b, 'race', increment(1, 32))).toMatchObject({ ok: true, state: 32 });
      expect(await run(a, 'race', increment(1, 32))).toMatchObject({ ok: false, state: 32 });
    });
  });
}

describe('SQLite', () => {
  let temp: TempSqliteFile;
  afterEach(() => temp.cleanup());
  twoReplicas('SQLite file', async () => {
    temp = tempSqliteFile();
    return [temp.open(), temp.open()];
  });
});

describe('PostgreSQL', () => {
  const databases = eventStoreDatabases();
  let stores: ThrowawayStores;
  afterEach(() => stores.cleanup());
  afterAll(() => databases.dropAll());
  twoReplicas('PostgreSQL database', async () => {
    stores = await throwawayStores(databases);
    return Promise.all([stores.open(), stores.open()]);
  });
});
