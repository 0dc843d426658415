import type { EventStore, RecordedEvent } from '@app/event-store';
import {
  foldLog,
  loadInto,
  projectionChecksum,
  RunnerShardFold,
  type RunnersProjection,
  type FoldedRunnerShard,
  type Projection,
  type ProjectionSave,
  type QueryModelGenerations,
  type QueryModelStore,
  type RunnerShard,
  type StatusHistoryProjection,
} from '@app/projections';
import { createRebuiltQueryModel, QUERY_MODEL_NAMES } from '../../../runner-registry/src/kernel/query-model-generations';
import type { LogReader, LogReaderFactory } from './sqlite-log-reader';

/**
 * `replay`: rebuilds query models from position 0 into a NEW generation (a fresh SQLite file, or
 * PostgreSQL schema), compares them with the live ones at the same checkpoint, prints a checksum of
 * each, and promotes the new generation: running services swap it in (GenerationFollower), a stopped
 * one starts from it. The live generation is only ever read here, and a promoted generation is
 * never written again by the CLI: one writer per generation.
 *
 * With --until the rebuild is the state at a point in the past: checksums only, never promoted.
 */

/** Where replay stops (inclusive): the last event at or before a position, or before the first event that occurred after a time. */
export type ReplayUntil = { kind: 'position'; position: number } | { kind: 'time'; millis: number } | null;

export interface ReplayOptions {
  readonly until: ReplayUntil;
  /** false: rebuild and compare, leave the live models as they are. */
  readonly swap: boolean;
  /** Query models to rebuild; null for all. */
  readonly projections: readonly string[] | null;
  /** Told how far the fold in this thread got, against the head it folds to. */
  readonly onProgress?: (position: number, head: number) => void;
}

export interface ReplayIo {
  out(line: string): Promise<void>;
  err(text: string): void;
}

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

export interface ReplayResult {
  readonly generation: number;
  readonly summaries: ProjectionSummary[];
  /** Empty with --until. */
  readonly comparisons: Comparison[];
  readonly promoted: boolean;
  /** Milliseconds per phase (the slowest part's), and `rebuild`: the slowest part's fold and save together; for the benchmark. */
  readonly timings: Readonly<Record<string, number>>;
  /** Each part's own timings, this thread's first: how evenly the two threads share the work. */
  readonly partTimings: readonly Readonly<Record<string, number>>[];
  /** What earlier promotions had superseded, removed before this rebuild (QueryModelGenerations.removeStale's descriptions). */
  readonly removed: readonly string[];
  /** Why that removal failed, if it did: the rebuild went on (a service or the next replay tries again). */
  readonly removalFailed?: string;
}

export { QUERY_MODEL_NAMES };

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

export class ReplayRefused extends Error {}

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
   * Fold only this shard of the runners. With 'runners' in `names`, the part then merges the other
   * shards (PartHooks.otherRunnerShards) into the runners query model it goes on with; without, it
   * hands its shard over (PartHooks.onRunnerShard) as soon as it is folded.
   */
  readonly runnerShard?: RunnerShard;
}

export interface PartHooks {
  readonly onProgress?: (position: number, head: number) => void;
  readonly onRunnerShard?: (shard: FoldedRunnerShard) => void;
  readonly otherRunnerShards?: Promise<FoldedRunnerShard[]>;
}

/** Runs a part elsewhere (a worker thread), passing on its runner shard when it has one; undefined runs every part in this thread. */
export type PartRunner = (request: PartRequest, onRunnerShard?: (shard: FoldedRunnerShard) => void) => Promise<PartResult>;

/**
 * How the runners are split between the two threads when their events are read from the embedded
 * log: this thread folds RUNNER_SHARE of every 16 runners, the worker the rest besides directory and
 * jobs (a fifth of the log, whose documents all stay in memory, so the worker collects more
 * garbage per event). Tuned with test/bench/replay-bench.ts at 10,000,000 events, by each thread's
 * fold and save (the worker saves directory, jobs; this thread merges and saves every runner): with
 * 13 of 16 this thread took 38.8 s and the worker 28.6 s; with 12, 36.6 s against 31.2 s; with 11,
 * 33.9-36.1 s against 28.3-31.4 s; with 10 this thread waited 4.3 s for the worker's shard (36.0 s).
 * Even when the worker is done first, this thread spends ~1.2 s taking its shard in (the message is
 * deserialized here) before merging (~1.9 s). Since each part saves before its comparison, the
 * worker is done seconds before this thread, but with 10 this thread waited 3.7-6.1 s for its shard
 * (two runs in a slow hour), no better than 11. Once each save serialized as it wrote (both saves
 * 30-50 % shorter), on another machine: with 11 this thread waited 4.6-12.9 s for the shard (47-48 s
 * in all), with 12 1.8-7.4 s (37-44 s), with 13 1.3 s, the worker then idle for ~10 s (40-44 s).
 */
const RUNNER_SHARE = 12;
/** The query models a sharded replay folds from the runner shards (see rebuildPart). */
const FROM_RUNNER_SHARDS: ReadonlySet<string> = new Set(['runners', 'status-history']);
const RUNNER_SHARDS: readonly [RunnerShard, RunnerShard] = [
  { modulus: 16, residues: Array.from({ length: RUNNER_SHARE }, (_, i) => i) },
  { modulus: 16, residues: Array.from({ length: 16 - RUNNER_SHARE }, (_, i) => RUNNER_SHARE + i) },
];

/**
 * The work of `replay`, without printing: one rebuild at a time (the generations' rebuild lock), one
 * new generation, then its promotion. The query models are rebuilt in parts: runners here and the
 * others through `runPart` (a worker thread, so the two folds use two cores), each part folding the
 * log, comparing with the live models and saving into the generation (see rebuildPart). When each
 * thread reads its own streams of the embedded log (`openReader`), the runners, most of the log, are
 * folded in two shards, one per thread, and merged here.
 */
export async function rebuildQueryModels(
  store: EventStore,
  generations: QueryModelGenerations,
  options: ReplayOptions,
  runPart?: PartRunner,
  openReader?: LogReaderFactory,
): Promise<ReplayResult> {
  const names = options.projections ?? QUERY_MODEL_NAMES;
  const release = await generations.tryLockRebuild();
  if (!release) throw new ReplayRefused('another replay is running against these query models');
  try {
    const cleanup = await removeSuperseded(generations);
    const head = await store.headPosition();
    const generation = await generations.create();
    // The status history reads the runner streams too (all of them: its counts are the whole fleet's), so it is folded beside the runners.
    const here = runPart ? names.filter((name) => name === 'runners' || name === 'status-history') : names;
    const elsewhere = names.filter((name) => !here.includes(name));
    // A point-in-time rebuild reads the whole log in one order (see rebuildPartWith): no shards then.
    const sharded = runPart !== undefined && openReader !== undefined && options.until === null && here.includes('runners');
    const request = (names: readonly string[], runnerShard?: RunnerShard): PartRequest => ({ generation, names, head, until: options.until, runnerShard });
    let worker: Promise<PartResult | undefined> = Promise.resolve(undefined);
    let otherRunnerShards: Promise<FoldedRunnerShard[]> | undefined;
    if (sharded) {
      otherRunnerShards = new Promise<FoldedRunnerShard[]>((resolve, reject) => {
        worker = runPart(request(elsewhere, RUNNER_SHARDS[1]), (shard) => resolve([shard]));
        worker.then(() => reject(new Error('the rebuild worker finished without its runner shard')), reject);
      });
      // A failed worker fails the replay through `worker`; this thread may not be waiting for its shard yet.
      otherRunnerShards.catch(() => undefined);
    } else if (elsewhere.length > 0 && runPart) {
      worker = runPart(request(elsewhere));
    }
    const parts = await Promise.all([
      here.length > 0
        ? rebuildPartWith(openReader, store, generations, request(here, sharded ? RUNNER_SHARDS[0] : undefined), { onProgress: options.onProgress, otherRunnerShards })
        : undefined,
      worker,
    ]);
    const done = parts.filter((part): part is PartResult => part !== undefined);
    const inOrder = <T extends { projection: string }>(rows: T[]) => names.flatMap((name) => rows.filter((row) => row.projection === name));
    const timings: Record<string, number> = {};
    // Parts run side by side: a phase took as long as its slowest part.
    for (const part of done) for (const [phase, ms] of Object.entries(part.timings)) timings[phase] = Math.max(timings[phase] ?? 0, ms);
    // A part saves right after its own fold (its comparison comes after), so the rebuild took as
    // long as the slowest part's fold and save: the sum of the phases' maxima would add one part's
    // fold to the other's save, though the thread that folds longer is not the one that saves longer.
    timings.rebuild = Math.max(0, ...done.map((part) => (part.timings.fold ?? 0) + (part.timings.save ?? 0)));
    // The last write to the new generation came before this: from here on only services write it.
    const promoted = options.until === null && options.swap;
    const started = performance.now();
    if (promoted) await generations.promote(names, generation);
    timings.promote = performance.now() - started;
    return {
      generation,
      summaries: inOrder(done.flatMap((part) => part.summaries)),
      comparisons: inOrder(done.flatMap((part) => part.comparisons)),
      promoted,
      timings,
      partTimings: done.map((part) => part.timings),
      ...cleanup,
    };
  } finally {
    await release();
  }
}

/**
 * What earlier replays superseded while no service ran to remove it (a service removes what it
 * swapped away from): each generation is the size of the models, ~1 GB at 10,000,000 events, so
 * replays must not pile them up. Removed before a replay writes another beside them; what a replay
 * supersedes stays until a service has swapped away from it, or the next replay. A failure is
 * reported, not fatal: the rebuild does not depend on it.
 */
async function removeSuperseded(generations: QueryModelGenerations): Promise<Pick<ReplayResult, 'removed' | 'removalFailed'>> {
  try {
    return { removed: await generations.removeStale(QUERY_MODEL_NAMES) };
  } catch (error) {
    return { removed: [], removalFailed: error instanceof Error ? error.message : String(error) };
  }
}

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
 * `until`) into fresh models in memory and saves them in one go; unless `until`, then reads the
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
  // Opened before the fold, when the other part opens its own: a connection opened while the other
  // holds the file's write lock for its save (many seconds on a long log) could not even start.
  const target = await generations.open(request.generation, 'rebuild');
  try {
    return await foldAndSave({ fold: store, catchUp: catchUpStore }, generations, target, request, hooks);
  } finally {
    await target.close();
  }
}

async function foldAndSave(
  logs: { fold: LogReader; catchUp: LogReader },
  generations: QueryModelGenerations,
  target: QueryModelStore,
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
  let checkpoint = await timed('fold', async () => {
    const folded = [...rebuilt, ...(shardFold ? [shardFold] : [])];
    const reached = await foldLog(
      logs.fold,
      folded.map((projection) => ({ projection, after: 0 })),
      until === null ? { to: head, onBatch } : { while: (event) => withinUntil(event, until), onBatch },
    );
    if (shardFold && request.names.includes('runners')) {
      let started = performance.now();
      const others = await hooks.otherRunnerShards!;
      timings['fold: waiting for the other runner shard'] = performance.now() - started;
      started = performance.now();
      const merged = new Map<string, Projection>([['runners', shardFold.mergeWith(others)]]);
      if (request.names.includes('status-history')) merged.set('status-history', shardFold.statusHistoryWith(others, createRebuiltQueryModel('status-history') as StatusHistoryProjection));
      rebuilt = request.names.map((name) => merged.get(name) ?? rebuilt.find((projection) => projection.name === name)!);
      timings['fold: merging runner shards'] = performance.now() - started;
    } else if (shardFold) {
      hooks.onRunnerShard!(shardFold.result());
    }
    return reached;
  });
  onProgress?.(head, head);
  const part = rebuilt.map((projection) => projection.name);
  // Saved before the comparison: the other thread saves into the same file, one writer at a time,
  // and saves after each part's comparison met in the middle of the replay, where one waited seconds
  // for the other's lock (see saveChanges).
  const saveAt = (position: number) => saveChanges(target, rebuilt, position);
  await timed('save', () => saveAt(checkpoint));

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
        const liveChecksum = projectionChecksum(live[i].projection).checksum;
        const rebuiltChecksum = projectionChecksum(projection).checksum;
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

/** What the projections changed since their last save (all of it, the first time), saved into the generation at `checkpoint`. */
async function saveChanges(target: QueryModelStore, projections: readonly Projection[], checkpoint: number): Promise<void> {
  const entries = projections.map((p) => ({ projection: p.name, changes: p.collections.flatMap((c) => c.takeChanges()), checkpoint }));
  await saveWhenFree(target, entries);
}

/** How long a part's save waits for the other part's, which writes the same generation file (SQLite has one writer at a time). */
const SAVE_WAIT_MS = 15 * 60_000;

/** Saves, waiting while another thread of the replay holds the generation's write lock (SQLite answers SQLITE_BUSY once its own busy wait is over). */
async function saveWhenFree(target: QueryModelStore, entries: readonly ProjectionSave[]): Promise<void> {
  const deadline = Date.now() + SAVE_WAIT_MS;
  for (;;) {
    try {
      return await target.save(entries);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
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

/**
 * Runs `replay`; returns the exit code: 0 done (and the live models equalled the rebuild), 1 a
 * checksum differed (with the swap, the rebuild replaced them) or the replay failed.
 */
export async function replay(
  openStore: () => Promise<EventStore>,
  openGenerations: () => Promise<QueryModelGenerations>,
  options: ReplayOptions,
  io: ReplayIo,
  runPart?: PartRunner,
  openReader?: LogReaderFactory,
): Promise<number> {
  const store = await openStore();
  let generations: QueryModelGenerations | undefined;
  let result: ReplayResult;
  let location: string;
  try {
    generations = await openGenerations();
    result = await rebuildQueryModels(store, generations, options, runPart, openReader);
    location = generations.describe(result.generation);
  } catch (error) {
    if (!(error instanceof ReplayRefused)) throw error;
    io.err(`runner-cli: ${error.message}\n`);
    return 1;
  } finally {
    await store.close();
    await generations?.close();
  }
  if (result.removed.length > 0) io.err(`runner-cli: removed query models no longer served: ${result.removed.join(', ')}\n`);
  if (result.removalFailed !== undefined) io.err(`runner-cli: removing query models no longer served failed (a service or the next replay tries again): ${result.removalFailed}\n`);
  for (const summary of result.summaries) await io.out(JSON.stringify(summary));
  for (const comparison of result.comparisons) await io.out(JSON.stringify(comparison));
  const differ = result.comparisons.some((c) => !c.equal);
  if (result.promoted) {
    io.err(
      `runner-cli: generation ${result.generation} (${location}) promoted: a running service swaps it in within seconds, ` +
        `a stopped one starts from it; the previous generation is removed after the swap, or by the next replay\n`,
    );
  } else {
    io.err(`runner-cli: rebuilt query models kept in generation ${result.generation} (${location}); not swapped in (removed after the next swap)\n`);
  }
  if (differ) {
    const names = result.comparisons.filter((c) => !c.equal).map((c) => c.projection);
    io.err(`runner-cli: the live ${names.join(', ')} differed from the log${result.promoted ? ' and were replaced by the rebuild' : ''}\n`);
  }
  return differ ? 1 : 0;
}
