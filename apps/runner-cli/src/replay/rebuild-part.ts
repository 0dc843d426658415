import type { RecordedEvent } from '@app/event-store';
import {
  foldLog,
  loadInto,
  projectionChecksum,
  sameDocuments,
  RunnerShardFold,
  type RunnersProjection,
  type Projection,
  type QueryModelGenerations,
  type QueryModelStore,
  type RunnerShard,
} from '@app/projections';
import { createRebuiltQueryModel } from '../../../runner-registry/src/kernel/query-model-generations';
import type { HandingOverShards, ShardExchange } from './shard-exchange';
import { saveChanges, saveShard } from './part-saves';
import type { LogReader, LogReaderFactory } from './sqlite-log-reader';

/**
 * One part of a replay (some of the query models, in this thread or the worker's, see
 * rebuild-worker.ts): fold the log from position 0 into fresh models in memory, save them into the
 * new generation, then read the live models and compare checksums. replay.ts splits the work into
 * parts and runs them side by side.
 */

/** Where replay stops (inclusive): the last event at or before a position, or before the first event that occurred after a time. */
export type ReplayUntil = { kind: 'position'; position: number } | { kind: 'time'; millis: number } | null;

export interface ProjectionSummary {
  readonly projection: string;
  readonly documents: number;
  readonly checkpoint: number;
  readonly checksum: string;
}

export interface Comparison {
  readonly projection: string;
  readonly live_checksum: string;
  readonly rebuilt_checksum: string;
  readonly equal: boolean;
}

function occurredAtMillis(event: RecordedEvent): number {
  const occurredAt = (event.metadata as { occurredAt?: unknown }).occurredAt;
  return typeof occurredAt === 'string' ? Date.parse(occurredAt) : NaN;
}

/** True while the event still belongs to the replay; the first false ends it (the rebuilt models stay a prefix of the log). */
export function withinUntil(event: RecordedEvent, until: ReplayUntil): boolean {
  if (until === null) return true;
  if (until.kind === 'position') return event.position <= until.position;
  const millis = occurredAtMillis(event);
  return !Number.isNaN(millis) && millis <= until.millis;
}

/** What one part of a rebuild (some of the query models, maybe in a worker thread) produced. */
export interface PartResult {
  readonly summaries: ProjectionSummary[];
  readonly comparisons: Comparison[];
  readonly timings: Record<string, number>;
}

export interface PartRequest {
  readonly generation: number;
  readonly names: readonly string[];
  /** The log's head when the replay began: every part folds to the same position. */
  readonly head: number;
  readonly until: ReplayUntil;
  /**
   * Fold only this shard of the runners, and save it (see saveShard). With 'runners' in `names`, the
   * part then merges the other shards' runners into the runners query model it goes on with; without,
   * it hands its runners over once saved (PartHooks.shards).
   */
  readonly runnerShard?: RunnerShard;
  /**
   * Where a part that hands its shard over saves the shard's runners: the merging part's generation,
   * which serves the runners (default `generation`). The part's own models go to `generation`.
   */
  readonly runnersGeneration?: number;
}

export interface PartHooks {
  readonly onProgress?: (position: number, head: number) => void;
  /** With a runner shard: how the part exchanges it with the other part's. */
  readonly shards?: ShardExchange;
}

/** Runs a part elsewhere (a worker thread), exchanging its runner shard when it has one; undefined runs every part in this thread. */
export type PartRunner = (request: PartRequest, shards?: HandingOverShards) => Promise<PartResult>;

/** The query models a sharded replay folds from the runner shards (see rebuildPart). */
const FROM_RUNNER_SHARDS: ReadonlySet<string> = new Set(['runners', 'status-history']);

/** rebuildPart, reading the log through a reader for the part's streams when `openReader` gives one. */
export async function rebuildPartWith(
  openReader: LogReaderFactory | undefined,
  store: LogReader,
  generations: QueryModelGenerations,
  request: PartRequest,
  hooks: PartHooks = {},
): Promise<PartResult> {
  // A point-in-time rebuild reads the whole log: its checkpoint is the last event of the log at that point, whatever its stream.
  const reader = request.until === null ? openReader?.(request.names, request.runnerShard) : undefined;
  if (request.runnerShard && !reader) throw new Error('a shard of the runners is folded only from the embedded log, read by stream');
  try {
    // The catch-up after the fold reads the whole log: it folds into whole models (a shard's fold has been merged by then).
    return await rebuildPart(reader ?? store, generations, request, hooks, store);
  } finally {
    reader?.close();
  }
}

/**
 * Rebuilds some query models into `generation`: folds the log from position 0 to the head (or
 * `until`) into fresh models in memory and saves them (a runner shard: see saveShard); unless `until`, then reads the
 * live models, brings the side that is behind up to the other's checkpoint (the live models only in
 * memory: they are only read; the rebuild's catch-up is saved too) and checksums both. Projections
 * carry their own checkpoints, so parts need not agree on one beyond starting from the same head.
 */
export async function rebuildPart(
  store: LogReader,
  generations: QueryModelGenerations,
  request: PartRequest,
  hooks: PartHooks = {},
  /** Where the catch-up reads the events after the head: every stream of the part's models, whatever `store` leaves out. */
  catchUpStore: LogReader = store,
): Promise<PartResult> {
  // Opened before the fold, when the other part opens its own: a connection to the runners' file
  // opened while the other holds its write lock for a save (seconds on a long log) could not even start.
  const target = await generations.open(request.generation, 'rebuild');
  const separateRunners = request.runnersGeneration !== undefined && request.runnersGeneration !== request.generation;
  try {
    const runnersTarget = separateRunners ? await generations.open(request.runnersGeneration!, 'rebuild') : target;
    try {
      return await foldAndSave({ fold: store, catchUp: catchUpStore }, generations, { models: target, runners: runnersTarget }, request, hooks);
    } finally {
      if (separateRunners) await runnersTarget.close();
    }
  } finally {
    await target.close();
  }
}

/** Where a part saves: its models, and a handed-over shard's runners (the same store unless PartRequest.runnersGeneration says otherwise). */
interface PartTargets {
  readonly models: QueryModelStore;
  readonly runners: QueryModelStore;
}

async function foldAndSave(
  logs: { fold: LogReader; catchUp: LogReader },
  generations: QueryModelGenerations,
  targets: PartTargets,
  request: PartRequest,
  hooks: PartHooks,
): Promise<PartResult> {
  const { head, until, runnerShard } = request;
  const { onProgress } = hooks;
  const timings: Record<string, number> = {};
  const timed = async <T>(phase: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      timings[phase] = (timings[phase] ?? 0) + performance.now() - started;
    }
  };
  const shardFold = runnerShard && new RunnerShardFold(runnerShard, () => createRebuiltQueryModel('runners') as RunnersProjection);
  // With a shard, the runners and the status history stand for what every shard folds: the shard here, then merged with the others'.
  const names = shardFold ? request.names.filter((name) => !FROM_RUNNER_SHARDS.has(name)) : request.names;
  let rebuilt = names.map((name) => createRebuiltQueryModel(name));
  const onBatch = onProgress && ((position: number) => onProgress(position, head));
  onProgress?.(0, head);
  let checkpoint = await timed('fold', () =>
    foldLog(
      logs.fold,
      [...rebuilt, ...(shardFold ? [shardFold] : [])].map((projection) => ({ projection, after: 0 })),
      until === null ? { to: head, onBatch } : { while: (event) => withinUntil(event, until), onBatch },
    ),
  );
  onProgress?.(head, head);
  // Saved before the comparison: a handed-over shard's runners go into the other thread's file, one
  // writer at a time, and saves after each part's comparison met in the middle of the replay, where
  // one waited seconds for the other's lock (see saveChanges).
  const saveAt = (position: number) => saveChanges(targets.models, rebuilt, position);
  if (shardFold) {
    if (!hooks.shards) throw new Error('a runner shard is folded only beside the other shards: nothing to exchange it with');
    rebuilt = await saveShard(shardFold, rebuilt, { names: request.names, targets, checkpoint, exchange: hooks.shards, timed });
  } else {
    await timed('save', () => saveAt(checkpoint));
  }
  const part = rebuilt.map((projection) => projection.name);

  const comparisons: Comparison[] = [];
  if (until === null) {
    const live = await timed('load live', () => loadLive(generations, part));
    // Compare at one checkpoint: whichever side is behind is caught up, in memory only.
    const compareAt = Math.max(checkpoint, ...live.map((l) => l.checkpoint));
    await timed('catch up', async () => {
      const targets = [
        ...(checkpoint < compareAt ? rebuilt.map((projection) => ({ projection, after: checkpoint })) : []),
        ...live.filter((l) => l.checkpoint < compareAt).map((l) => ({ projection: l.projection, after: l.checkpoint })),
      ];
      // Not through the fold's reader: a shard's reads only its own runners' streams, and the
      // rebuilt runners are the merged fleet by now (a service writing during the replay made
      // the other shard's runners differ, and the replay reported a difference that was its own).
      if (targets.length > 0) await foldLog(logs.catchUp, targets, { to: compareAt });
      // The live models were ahead (a service kept writing): the generation gets what the catch-up folded, so that it is the state compared.
      if (checkpoint < compareAt) await saveAt(compareAt);
    });
    checkpoint = compareAt;
    await timed('checksums', async () => {
      for (const [i, projection] of rebuilt.entries()) {
        const rebuiltChecksum = projectionChecksum(projection).checksum;
        // Equal documents checksum the same: the live side is written and hashed only when it differs.
        const liveChecksum = sameDocuments(live[i].projection, projection) ? rebuiltChecksum : projectionChecksum(live[i].projection).checksum;
        comparisons.push({ projection: projection.name, live_checksum: liveChecksum, rebuilt_checksum: rebuiltChecksum, equal: liveChecksum === rebuiltChecksum });
      }
    });
  }

  const summaries = await timed('checksums', async () =>
    rebuilt.map((p) => {
      const comparison = comparisons.find((c) => c.projection === p.name);
      const { documents, checksum } = comparison ? { documents: count(p), checksum: comparison.rebuilt_checksum } : projectionChecksum(p);
      return { projection: p.name, documents, checkpoint, checksum };
    }),
  );
  return { summaries, comparisons, timings };
}

const count = (projection: Projection) => projection.collections.reduce((sum, c) => sum + c.size, 0);

/** The live models as persisted, each with its checkpoint. */
async function loadLive(generations: QueryModelGenerations, names: readonly string[]): Promise<{ projection: Projection; checkpoint: number }[]> {
  const pointers = await generations.current();
  const result: { projection: Projection; checkpoint: number }[] = [];
  for (const name of names) {
    const store = await generations.open(pointers.get(name) ?? 0);
    try {
      // Document by document, as a service starts: the rows and the parsed documents never all sit in memory beside the model.
      const projection = createRebuiltQueryModel(name);
      const checkpoint = await loadInto(projection, store);
      projection.afterHydrate?.();
      result.push({ projection, checkpoint });
    } finally {
      await store.close();
    }
  }
  return result;
}
