import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ThrowawayDatabases } from '@app/event-store/postgres/test-fixtures/throwaway-database';
import { PostgresQueryModelGenerations } from '../postgres/postgres-query-model-generations';
import { SqliteQueryModelGenerations } from '../sqlite/sqlite-query-model-generations';
import { LoopSlices } from '@app/common/loop-slices';
import type { QueryModelGenerations } from './query-model-generations.port';

/** The rules both adapters share, against a real SQLite directory and a real PostgreSQL database. */
const databases = new ThrowawayDatabases();
const dirs: string[] = [];
afterAll(async () => {
  await databases.dropAll();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The journal mode a new connection finds in the file (WAL is recorded in the file; other modes are not). */
function journalModeOf(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('journal_mode', { simple: true }) as string;
  } finally {
    db.close();
  }
}

const doc = (id: string, value: number) => ({ kind: 'upsert' as const, collection: 'c', id, doc: { value } });
/** Every projection named, pointed at one generation. */
const pointing = (projections: readonly string[], generation: number) => new Map(projections.map((projection) => [projection, generation]));

describe.each([
  ['SQLite', async (): Promise<[QueryModelGenerations, () => Promise<QueryModelGenerations>]> => {
    const dir = mkdtempSync(join(tmpdir(), 'generations-'));
    dirs.push(dir);
    const open = async () => SqliteQueryModelGenerations.open(join(dir, 'query-models.sqlite'), { pollIntervalMs: 20 });
    return [await open(), open];
  }],
  ['PostgreSQL', async (): Promise<[QueryModelGenerations, () => Promise<QueryModelGenerations>]> => {
    const { connectionString } = await databases.create();
    const open = () => PostgresQueryModelGenerations.open({ connectionString, pollIntervalMs: 200 });
    return [await open(), open];
  }],
])('QueryModelGenerations (%s)', (name, openBoth) => {
  it('serves everything from generation 0 until promoted; a promotion is seen by another process, and only stale generations are removed', async () => {
    const [generations, openOther] = await openBoth();
    const other = await openOther();
    try {
      expect(await generations.current()).toEqual(new Map());
      const root = await generations.open(0);
      await root.save([{ projection: 'a', changes: [doc('1', 1)], checkpoint: 5 }, { projection: 'b', changes: [doc('1', 2)], checkpoint: 5 }]);

      const first = await generations.create();
      const second = await generations.create();
      expect(second).toBeGreaterThan(first);
      const store = await generations.open(first);
      await store.save([{ projection: 'a', changes: [doc('1', 10)], checkpoint: 7 }]);
      await store.close();

      let notified = 0;
      const stop = other.watch(() => notified++);
      await generations.promote(pointing(['a'], first));
      await new Promise((resolve) => setTimeout(resolve, 500));
      stop();
      expect(notified).toBeGreaterThan(0);
      expect(await other.current()).toEqual(new Map([['a', first]]));
      expect((await (await other.open(first)).load('a')).documents).toEqual([{ collection: 'c', id: '1', doc: { value: 10 } }]);

      // a's rows in the root are stale; b's are not; `second` is above every pointer (a rebuild in progress): kept.
      const removed = await other.removeStale(['a', 'b']);
      expect(removed).toHaveLength(1);
      expect((await root.load('a')).documents).toEqual([]);
      expect((await root.load('b')).documents).toHaveLength(1);
      await expect(generations.open(second)).resolves.toBeDefined();

      // Promoting a newer one makes `first` stale.
      await generations.promote(pointing(['a'], second));
      expect(await generations.removeStale(['a', 'b'])).toHaveLength(1);
      await expect(generations.open(first)).rejects.toThrow(/does not exist/);
    } finally {
      await other.close();
      await generations.close();
    }
  });

  it('promotes two generations in one step, each projection to its own, both served and sealed', async () => {
    const [generations, openOther] = await openBoth();
    const service = await openOther();
    try {
      const [runners, jobs] = [await generations.create(), await generations.create()];
      // Each filled by its own writer, as a replay's two threads fill theirs.
      const [a, b] = [await generations.open(runners, 'rebuild'), await generations.open(jobs, 'rebuild')];
      await Promise.all([a.save([{ projection: 'a', changes: [doc('1', 1)], checkpoint: 4 }]), b.save([{ projection: 'b', changes: [doc('2', 2)], checkpoint: 4 }])]);
      await Promise.all([a.close(), b.close()]);

      await generations.promote(new Map([['a', runners], ['b', jobs]]));
      expect(await service.current()).toEqual(new Map([['a', runners], ['b', jobs]]));
      for (const [projection, generation, value] of [['a', runners, 1], ['b', jobs, 2]] as const) {
        const served = await service.open(generation);
        expect((await served.load(projection)).documents).toEqual([{ collection: 'c', id: String(value), doc: { value } }]);
        await served.close();
      }
      if (name === 'SQLite') for (const generation of [runners, jobs]) expect(journalModeOf(generations.describe(generation))).toBe('wal');
      // Both in use: neither is stale.
      expect(await generations.removeStale(['a', 'b'])).toEqual([]);
    } finally {
      await service.close();
      await generations.close();
    }
  });

  it('one rebuild at a time, across processes', async () => {
    const [generations, openOther] = await openBoth();
    const other = await openOther();
    try {
      const release = await generations.tryLockRebuild();
      expect(release).toBeDefined();
      expect(await other.tryLockRebuild()).toBeUndefined();
      await release!();
      const again = await other.tryLockRebuild();
      expect(again).toBeDefined();
      await again!();
    } finally {
      await other.close();
      await generations.close();
    }
  });

  it('a generation filled by two rebuild writers, one after the other, is served as they saved it once promoted', async () => {
    const [generations, openOther] = await openBoth();
    const service = await openOther();
    try {
      const generation = await generations.create();
      const [runners, jobs] = [await generations.open(generation, 'rebuild'), await generations.open(generation, 'rebuild')];
      // Both connections are open at once, as a replay's two threads hold theirs; the saves take turns.
      await runners.save([{ projection: 'a', changes: Array.from({ length: 20_000 }, (_, i) => doc(String(i), i)), checkpoint: 9 }]);
      await jobs.save([{ projection: 'b', changes: [doc('x', 1)], checkpoint: 9 }]);
      await runners.close();
      await jobs.close();
      await generations.promote(pointing(['a', 'b'], generation));

      const served = await service.open(generation);
      const a = await served.load('a');
      expect(a.checkpoint).toBe(9);
      expect(a.documents).toHaveLength(20_000);
      expect(a.documents.find((d) => d.id === '12345')).toEqual({ collection: 'c', id: '12345', doc: { value: 12345 } });
      expect((await served.load('b')).documents).toEqual([{ collection: 'c', id: 'x', doc: { value: 1 } }]);
      // A served generation keeps being written as any other.
      await served.save([{ projection: 'b', changes: [doc('y', 2)], checkpoint: 10 }]);
      expect((await served.load('b')).checkpoint).toBe(10);
      await served.close();
    } finally {
      await service.close();
      await generations.close();
    }
  });

  it("a rebuild writer's saves, larger than a chunk and with deletes, leave exactly the documents they name, each projection at its checkpoint", async () => {
    const [generations] = await openBoth();
    try {
      const generation = await generations.create();
      const store = await generations.open(generation, 'rebuild');
      const many = Array.from({ length: 12_345 }, (_, i) => doc(String(i), i));
      await store.save([
        { projection: 'a', changes: many, checkpoint: 7 },
        { projection: 'b', changes: [doc('x', 1), doc('y', 2)], checkpoint: 7 },
      ]);
      // A catch-up after the rebuild's save: some gone, some changed.
      await store.save([{ projection: 'a', changes: [{ kind: 'delete', collection: 'c', id: '5' }, doc('6', -6), doc('new', 1)], checkpoint: 8 }]);
      const a = await store.load('a');
      expect(a.checkpoint).toBe(8);
      expect(a.documents).toHaveLength(12_345);
      const byId = new Map(a.documents.map((d) => [d.id, d.doc]));
      expect([byId.get('5'), byId.get('6'), byId.get('new'), byId.get('12344')]).toEqual([undefined, { value: -6 }, { value: 1 }, { value: 12344 }]);
      expect(await store.load('b')).toEqual({ checkpoint: 7, documents: [doc('x', 1), doc('y', 2)].map(({ collection, id, doc }) => ({ collection, id, doc })) });
      await store.close();
    } finally {
      await generations.close();
    }
  });

  it('a save of many upserts and deletes at once leaves exactly the documents it names', async () => {
    const [generations] = await openBoth();
    try {
      const root = await generations.open(0);
      await root.save([{ projection: 'm', changes: Array.from({ length: 123 }, (_, i) => doc(`d${i}`, i)), checkpoint: 1 }]);
      const removed = (i: number) => ({ kind: 'delete' as const, collection: 'c', id: `d${i}` });
      const changes = Array.from({ length: 123 }, (_, i) => (i % 3 === 0 ? removed(i) : doc(`d${i}`, i * 10)));
      await root.save([{ projection: 'm', changes: [...changes, doc('new', 1)], checkpoint: 2 }]);
      const { documents, checkpoint } = await root.load('m');
      expect(checkpoint).toBe(2);
      const expected = Array.from({ length: 123 }, (_, i) => i).filter((i) => i % 3 !== 0).map((i) => [`d${i}`, i * 10]);
      expect(new Map(documents.map((d) => [d.id, (d.doc as { value: number }).value]))).toEqual(new Map([...expected, ['new', 1]] as [string, number][]));
    } finally {
      await generations.close();
    }
  });

  it('loadEach with slices: the event loop gets turns while it loads, all from one snapshot, while saves to the same store go on', async () => {
    const [generations] = await openBoth();
    try {
      const store = await generations.open(0);
      await store.save([{ projection: 'm', changes: Array.from({ length: 2000 }, (_, i) => doc(`d${i}`, i)), checkpoint: 1 }]);
      const visited = new Map<string, number>();
      let done = false;
      const loading = store.loadEach!('m', (d) => visited.set(d.id, (d.doc as { value: number }).value), { slices: new LoopSlices(0, 100) }).finally(() => (done = true));

      while (visited.size === 0 && !done) await new Promise((resolve) => setImmediate(resolve));
      // The load has given the event loop a turn, halfway: a save to the same store goes through meanwhile.
      expect(done).toBe(false);
      expect(visited.size).toBeGreaterThan(0);
      expect(visited.size).toBeLessThan(2000);
      await store.save([{ projection: 'm', changes: [doc('d1999', -1), doc('extra', 1)], checkpoint: 2 }]);

      expect(await loading).toBe(1);
      expect(visited.size).toBe(2000);
      expect(visited.get('d1999')).toBe(1999);
      expect(visited.has('extra')).toBe(false);
      const again = new Map<string, number>();
      expect(await store.loadEach!('m', (d) => again.set(d.id, (d.doc as { value: number }).value))).toBe(2);
      expect(again.get('d1999')).toBe(-1);
    } finally {
      await generations.close();
    }
  });

  if (name === 'SQLite') {
    it("removeStale deletes a model's rows from the root a few thousand per turn of the event loop", async () => {
      const [generations] = await openBoth();
      try {
        const root = await generations.open(0);
        await root.save([
          { projection: 'm', changes: Array.from({ length: 5000 }, (_, i) => doc(`d${i}`, i)), checkpoint: 3 },
          { projection: 'kept', changes: [doc('1', 1)], checkpoint: 3 },
        ]);
        const generation = await generations.create();
        const store = await generations.open(generation, 'rebuild');
        await store.save([{ projection: 'm', changes: [doc('1', 1)], checkpoint: 3 }]);
        await store.close();
        await generations.promote(pointing(['m'], generation));

        let turns = 0;
        let done = false;
        const tick = () => setImmediate(() => !done && (turns++, tick()));
        tick();
        const removed = await generations.removeStale(['m', 'kept']);
        done = true;

        expect(removed).toHaveLength(1);
        expect(turns).toBeGreaterThanOrEqual(2);
        expect(await root.load('m')).toEqual({ checkpoint: 0, documents: [] });
        expect((await root.load('kept')).documents).toHaveLength(1);
      } finally {
        await generations.close();
      }
    });

    it('a rebuilt generation is written without a journal, and promoting it puts it in WAL mode, as services open it', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'generations-'));
      dirs.push(dir);
      const generations = SqliteQueryModelGenerations.open(join(dir, 'query-models.sqlite'));
      try {
        const generation = await generations.create();
        const file = generations.describe(generation);
        const store = await generations.open(generation, 'rebuild');
        await store.save([{ projection: 'a', changes: [doc('1', 1)], checkpoint: 1 }]);
        await store.close();
        expect(journalModeOf(file)).toBe('delete');
        expect(existsSync(`${file}-journal`)).toBe(false);
        await generations.promote(pointing(['a'], generation));
        expect(journalModeOf(file)).toBe('wal');
      } finally {
        await generations.close();
      }
    });
  }

  if (name === 'PostgreSQL') {
    it('a generation another replica still serves (holds) is not removed until it lets go', async () => {
      const [generations, openOther] = await openBoth();
      const replica = await openOther();
      try {
        const old = await generations.create();
        await generations.promote(pointing(['a'], old));
        const release = await replica.hold('a', old);
        await generations.promote(pointing(['a'], await generations.create()));
        expect(await generations.removeStale(['a'])).toEqual([]);
        await expect(generations.open(old)).resolves.toBeDefined();
        await release();
        expect(await generations.removeStale(['a'])).toEqual([`schema query_models_g${old}`]);
      } finally {
        await replica.close();
        await generations.close();
      }
    });
  }
});
