import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '@app/event-store';
import { ProjectionEngine, SqliteQueryModelGenerations, type RunnerShard } from '@app/projections';
import { createQueryModel } from '../../../runner-registry/src/kernel/query-model-generations';
import { withDomainUpcasting } from '../../../runner-registry/src/kernel/domain-upcasting';
import { rebuildPart, rebuildPartWith, type PartRequest, type PartRunner } from './rebuild-part';
import { rebuildQueryModels } from './replay';
import { SqliteLogReader } from './sqlite-log-reader';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 5, 10, minute)).toISOString();

const registered = (runnerId: number) => ({
  id: randomUUID(),
  type: 'RunnerRegistered',
  data: {
    runnerId, runnerType: 'instance_type', registrationType: 'registration_token', groupId: null, ownerProjectId: null, projectIds: [],
    name: null, paused: false, description: `r${runnerId}`, locked: false, runUntagged: true, accessLevel: 'not_protected',
    maximumTimeout: null, maintenanceNote: null, tagList: [], creationState: 'finished', creatorId: null,
    tokenDigest: `digest-${runnerId}`, tokenExpiresAt: null, createdAt: at(runnerId),
  },
  metadata: { schemaVersion: 2 },
});

const paused = (runnerId: number) => ({ id: randomUUID(), type: 'RunnerPaused', data: { runnerId, pausedAt: at(30) }, metadata: {} });

describe('replay over a fresh log of four runners, with query-model generations beside it', () => {
  let dir: string;
  let store: SqliteEventStore;
  let generations: SqliteQueryModelGenerations;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'replay-fresh-log-'));
    store = SqliteEventStore.open({ file: join(dir, 'events.sqlite') });
    generations = SqliteQueryModelGenerations.open(join(dir, 'query-models.sqlite'));
    for (let runnerId = 1; runnerId <= 4; runnerId++) await store.appendToStream(`runner-${runnerId}`, [registered(runnerId)]);
  });
  afterEach(async () => {
    await Promise.all([store.close(), generations.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  /** The live runners model as a service would have persisted it, at the log's head. */
  const persistLive = async () => {
    const engine = new ProjectionEngine(store, generations.root, [createQueryModel('runners')], { batchSize: 100 });
    await engine.start();
    await engine.stop();
  };
  const saved = async (generation: number) => {
    const target = await generations.open(generation);
    try {
      const { checkpoint, documents } = await target.load('runners');
      return { checkpoint, documents: [...documents].sort((a, b) => `${a.collection}/${a.id}`.localeCompare(`${b.collection}/${b.id}`)) };
    } finally {
      await target.close();
    }
  };

  describe('rebuildPart: the generation it saves', () => {
    it('holds the fold at the head when the live models are there too, and the comparison is equal', async () => {
      await persistLive();
      const head = await store.headPosition();
      const generation = await generations.create();

      const part = await rebuildPart(store, generations, { generation, names: ['runners'], head, until: null });

      expect(part.comparisons).toEqual([expect.objectContaining({ projection: 'runners', equal: true })]);
      expect(part.summaries[0].checkpoint).toBe(head);
      expect(await saved(generation)).toEqual(await saved(0));
    });

    it('holds the state it was compared at when the live models were ahead of the head (a service went on writing): the catch-up is saved too', async () => {
      const head = await store.headPosition();
      // Written after the replay read the head: the live models have them, the fold to `head` has not.
      await store.appendToStream('runner-2', [paused(2)]);
      await store.appendToStream('runner-5', [registered(5)]);
      await persistLive();
      const generation = await generations.create();

      const part = await rebuildPart(store, generations, { generation, names: ['runners'], head, until: null });

      const live = await saved(0);
      expect(live.checkpoint).toBeGreaterThan(head);
      expect(part.comparisons).toEqual([expect.objectContaining({ projection: 'runners', equal: true })]);
      expect(part.summaries[0].checkpoint).toBe(live.checkpoint);
      const rebuilt = await saved(generation);
      expect(rebuilt).toEqual(live);
      expect(rebuilt.documents.find((d) => d.collection === 'runners' && d.id === '2')?.doc).toEqual(expect.objectContaining({ paused: true }));
      expect(rebuilt.documents.some((d) => d.collection === 'runners' && d.id === '5')).toBe(true);
    });

    it('with --until, holds the state at that point and compares nothing', async () => {
      await store.appendToStream('runner-2', [paused(2)]);
      const generation = await generations.create();
      const until = { kind: 'position' as const, position: 4 };

      const part = await rebuildPart(store, generations, { generation, names: ['runners'], head: await store.headPosition(), until });

      expect(part.comparisons).toEqual([]);
      const rebuilt = await saved(generation);
      expect(rebuilt.checkpoint).toBe(4);
      expect(rebuilt.documents.find((d) => d.collection === 'runners' && d.id === '2')?.doc).toEqual(expect.objectContaining({ paused: false }));
    });
  });

  describe('rebuildQueryModels: removing what earlier replays superseded first', () => {
    it('goes on with the rebuild when that removal fails, and says why', async () => {
      const failing = new Proxy(generations, {
        get: (target, key) => {
          if (key === 'removeStale') return async () => Promise.reject(new Error('the disk said no'));
          const value = Reflect.get(target, key) as unknown;
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });

      const result = await rebuildQueryModels(store, failing, { until: null, swap: true, projections: ['runners'] });

      expect(result).toEqual(expect.objectContaining({ promoted: true, removed: [], removalFailed: 'the disk said no' }));
      expect((await generations.current()).get('runners')).toBe(result.generationOf.runners);
    });

    it('reports what it removed: the generation an earlier replay superseded', async () => {
      const first = await rebuildQueryModels(store, generations, { until: null, swap: true, projections: ['runners'] });
      const second = await rebuildQueryModels(store, generations, { until: null, swap: true, projections: ['runners'] });
      const third = await rebuildQueryModels(store, generations, { until: null, swap: true, projections: ['runners'] });

      // The second supersedes the first's generation, which the third removes; its own stays for the services.
      expect([first.removed, second.removed]).toEqual([[], []]);
      expect(third.removed).toEqual([generations.describe(first.generationOf.runners)]);
      expect(existsSync(generations.describe(second.generationOf.runners))).toBe(true);
      expect(third.removalFailed).toBeUndefined();
    });
  });
});

describe('rebuildQueryModels: the runners folded in two shards, each thread reading its own streams', () => {
  let dir: string;
  let backing: SqliteEventStore;
  let generations: SqliteQueryModelGenerations;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'replay-shards-'));
    backing = SqliteEventStore.open({ file: join(dir, 'events.sqlite') });
    generations = SqliteQueryModelGenerations.open(join(dir, 'query-models.sqlite'));
    // The CLI's shards take runner ids modulo 16: 2 is the main thread's, 13 the worker's.
    for (const runnerId of [2, 13]) await backing.appendToStream(`runner-${runnerId}`, [registered(runnerId)]);
  });
  afterEach(async () => {
    await Promise.all([backing.close(), generations.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('saves each thread into a generation of its own, the worker\'s runner shard beside the runners, and promotes both in one step', async () => {
    const store = withDomainUpcasting(backing);
    const openReader = (names: readonly string[], shard?: RunnerShard) => new SqliteLogReader(join(dir, 'events.sqlite'), names, shard);
    const requests: PartRequest[] = [];
    const inThisThread: PartRunner = async (request, shards) => {
      requests.push(request);
      return rebuildPartWith(openReader, store, generations, request, { shards });
    };

    const result = await rebuildQueryModels(store, generations, { until: null, swap: true, projections: null }, inThisThread, openReader);

    const { runners, jobs } = result.generationOf;
    expect(jobs).not.toBe(runners);
    expect(result.generationOf).toEqual({ directory: jobs, runners, jobs, 'status-history': runners });
    expect(requests).toEqual([expect.objectContaining({ names: ['directory', 'jobs'], generation: jobs, runnersGeneration: runners })]);
    expect(Object.fromEntries(await generations.current())).toEqual(result.generationOf);
    const documentsOf = async (generation: number, projection: string) => {
      const target = await generations.open(generation);
      try {
        return (await target.load(projection)).documents.filter((d) => d.collection === projection).map((d) => d.id);
      } finally {
        await target.close();
      }
    };
    // Runner 13 is the worker's shard: saved by the worker into the runners' generation, none into its own.
    expect((await documentsOf(runners, 'runners')).sort()).toEqual(['13', '2']);
    expect(await documentsOf(jobs, 'runners')).toEqual([]);
    expect(result.comparisons.every((c) => c.equal)).toBe(true);
  });

  it("catches the merged fleet up from every runner's stream when a service wrote during the replay: equal, and saved", async () => {
    const store = withDomainUpcasting(backing);
    const openReader = (names: readonly string[], shard?: RunnerShard) => new SqliteLogReader(join(dir, 'events.sqlite'), names, shard);
    // The worker's part, in this thread; before it starts (the head is read by then), a service
    // pauses both runners and persists its live models past the replay's head.
    const inThisThread: PartRunner = async (request, shards) => {
      await backing.appendToStream('runner-2', [paused(2)]);
      await backing.appendToStream('runner-13', [paused(13)]);
      const engine = new ProjectionEngine(store, generations.root, [createQueryModel('runners'), createQueryModel('status-history')], { batchSize: 100 });
      await engine.start();
      await engine.stop();
      return rebuildPartWith(openReader, store, generations, request, { shards });
    };

    const result = await rebuildQueryModels(store, generations, { until: null, swap: false, projections: ['runners', 'status-history'] }, inThisThread, openReader);

    expect(result.comparisons).toEqual([expect.objectContaining({ projection: 'runners', equal: true }), expect.objectContaining({ projection: 'status-history', equal: true })]);
    const target = await generations.open(result.generationOf.runners);
    try {
      const { documents } = await target.load('runners');
      const pausedIds = documents.filter((d) => d.collection === 'runners' && (d.doc as { paused: boolean }).paused).map((d) => d.id);
      expect(pausedIds.sort()).toEqual(['13', '2']);
    } finally {
      await target.close();
    }
  });
});
